import { MongoClient, MongoServerError, type Db, type Collection as MongoCollection, type Document as MongoDocument } from 'mongodb';
import {
  DuplicateKeyError,
  type BulkOperation,
  type Collection,
  type Document,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type PipelineStage,
  type ReadModels,
  type Update,
  type UpdateOptions,
  type UpdateResult,
} from './read-models.port';

/** MongoDB reports unique-index violations as code 11000; the port names them DuplicateKeyError. */
const mapErrors = async <T>(collection: string, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) throw new DuplicateKeyError(collection, String(error.message));
    const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
    if (Array.isArray(writeErrors) && writeErrors.some((e) => e.code === 11000)) throw new DuplicateKeyError(collection, String(error));
    throw error;
  }
};

class MongoReadModelCollection<T extends Document> implements Collection<T> {
  constructor(private readonly collection: MongoCollection<MongoDocument>) {}

  get name(): string {
    return this.collection.collectionName;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.collection.find(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    if (options.projection) cursor = cursor.project(options.projection);
    return (await cursor.toArray()) as unknown as T[];
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'projection'> = {}): Promise<T | null> {
    return (await this.collection.findOne(filter, options.projection ? { projection: options.projection } : {})) as T | null;
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.collection.countDocuments(filter);
  }

  async aggregate<R = Record<string, unknown>>(pipeline: PipelineStage[]): Promise<R[]> {
    return (await this.collection.aggregate(pipeline).toArray()) as R[];
  }

  insertOne(document: T): Promise<void> {
    return mapErrors(this.name, async () => {
      await this.collection.insertOne(document as MongoDocument);
    });
  }

  replaceOne(filter: Filter, replacement: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    return mapErrors(this.name, async () => {
      const result = await this.collection.replaceOne(filter, replacement as MongoDocument, { upsert: options.upsert ?? false });
      return this.toResult(result);
    });
  }

  updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    return mapErrors(this.name, async () => {
      const result = await this.collection.updateOne(filter, update, { upsert: options.upsert ?? false });
      return this.toResult(result);
    });
  }

  async deleteOne(filter: Filter): Promise<number> {
    return (await this.collection.deleteOne(filter)).deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.collection.deleteMany(filter)).deletedCount;
  }

  bulkWrite(operations: BulkOperation<T>[]): Promise<void> {
    return mapErrors(this.name, async () => {
      if (operations.length > 0) await this.collection.bulkWrite(operations as never[], { ordered: true });
    });
  }

  async createIndex(spec: IndexSpec): Promise<void> {
    await mapErrors(this.name, () =>
      this.collection.createIndex(spec.keys, { unique: spec.unique ?? false, ...(spec.name ? { name: spec.name } : {}) }),
    );
  }

  private toResult(result: { matchedCount: number; modifiedCount: number; upsertedId?: unknown }): UpdateResult {
    return {
      matchedCount: result.matchedCount,
      modifiedCount: result.modifiedCount,
      ...(result.upsertedId !== null && result.upsertedId !== undefined ? { upsertedId: String(result.upsertedId) } : {}),
    };
  }
}

/** The production ReadModels adapter: a MongoDB database (tested here against FerretDB). */
export class MongoReadModels implements ReadModels {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly ownsClient: boolean,
  ) {}

  static async connect(uri: string, database: string): Promise<MongoReadModels> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    return new MongoReadModels(client, client.db(database), true);
  }

  static fromClient(client: MongoClient, database: string): MongoReadModels {
    return new MongoReadModels(client, client.db(database), false);
  }

  collection<T extends Document>(name: string): Collection<T> {
    return new MongoReadModelCollection<T>(this.db.collection(name));
  }

  async dropAll(): Promise<void> {
    for (const collection of await this.db.listCollections({}, { nameOnly: true }).toArray()) {
      await this.db.dropCollection(collection.name);
    }
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}
