import { deepCopy, deepEqual, getPath } from './document-paths';
import { matches } from './filter-matcher';
import { project, sortDocuments } from './query-shaping';
import { applyUpdate, seedFromFilter } from './update-applier';
import { runPipeline } from './aggregation';
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

/**
 * One in-process collection. Documents are copied in and out, so a caller can never change
 * stored state by mutating what it was given. Unique indexes are enforced on every write.
 */
class EmbeddedCollection<T extends Document> implements Collection<T> {
  private readonly documents = new Map<string, T>();
  private readonly uniqueIndexes: IndexSpec[] = [];

  constructor(readonly name: string) {}

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    let found = [...this.documents.values()].filter((doc) => matches(doc, filter));
    if (options.sort) found = sortDocuments(found, options.sort);
    const start = options.skip ?? 0;
    found = found.slice(start, options.limit ? start + options.limit : undefined);
    return found.map((doc) => project(deepCopy(doc), options.projection));
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'projection'> = {}): Promise<T | null> {
    if (typeof filter._id === 'string' && Object.keys(filter).length === 1) {
      const doc = this.documents.get(filter._id);
      return doc ? project(deepCopy(doc), options.projection) : null;
    }
    const [first] = await this.find(filter, { limit: 1, ...(options.projection ? { projection: options.projection } : {}) });
    return first ?? null;
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    let count = 0;
    for (const doc of this.documents.values()) if (matches(doc, filter)) count++;
    return count;
  }

  async aggregate<R = Record<string, unknown>>(pipeline: PipelineStage[]): Promise<R[]> {
    return runPipeline([...this.documents.values()].map(deepCopy), pipeline) as R[];
  }

  async insertOne(document: T): Promise<void> {
    if (this.documents.has(document._id)) throw new DuplicateKeyError(this.name, `_id ${document._id}`);
    this.write(deepCopy(document));
  }

  async replaceOne(filter: Filter, replacement: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    const target = this.firstMatch(filter);
    if (target) {
      const next = deepCopy({ ...replacement, _id: target._id });
      const modified = !deepEqual(next, target);
      this.write(next, target._id);
      return { matchedCount: 1, modifiedCount: modified ? 1 : 0 };
    }
    if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
    const inserted = deepCopy({ ...seedFromFilter(filter), ...replacement }) as T;
    this.write(inserted);
    return { matchedCount: 0, modifiedCount: 0, upsertedId: inserted._id };
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    const target = this.firstMatch(filter);
    if (target) {
      const next = deepCopy(target) as Record<string, unknown>;
      applyUpdate(next, update, false);
      const modified = !deepEqual(next, target);
      this.write(next as T, target._id);
      return { matchedCount: 1, modifiedCount: modified ? 1 : 0 };
    }
    if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
    const seeded = seedFromFilter(filter);
    applyUpdate(seeded, update, true);
    if (typeof seeded._id !== 'string') throw new Error(`An upsert into ${this.name} needs a string _id in the filter or the update`);
    this.write(seeded as T);
    return { matchedCount: 0, modifiedCount: 0, upsertedId: seeded._id };
  }

  async deleteOne(filter: Filter): Promise<number> {
    const target = this.firstMatch(filter);
    if (!target) return 0;
    this.documents.delete(target._id);
    return 1;
  }

  async deleteMany(filter: Filter): Promise<number> {
    let deleted = 0;
    for (const [id, doc] of this.documents) {
      if (matches(doc, filter)) {
        this.documents.delete(id);
        deleted++;
      }
    }
    return deleted;
  }

  async bulkWrite(operations: BulkOperation<T>[]): Promise<void> {
    for (const operation of operations) {
      if ('insertOne' in operation) await this.insertOne(operation.insertOne.document);
      else if ('replaceOne' in operation) {
        const { filter, replacement, upsert } = operation.replaceOne;
        await this.replaceOne(filter, replacement, { upsert: upsert ?? false });
      } else if ('updateOne' in operation) {
        const { filter, update, upsert } = operation.updateOne;
        await this.updateOne(filter, update, { upsert: upsert ?? false });
      } else if ('deleteOne' in operation) await this.deleteOne(operation.deleteOne.filter);
      else await this.deleteMany(operation.deleteMany.filter);
    }
  }

  async createIndex(spec: IndexSpec): Promise<void> {
    if (!spec.unique) return; // non-unique indexes only speed up MongoDB; a scan is fine here
    if (this.uniqueIndexes.some((existing) => deepEqual(existing.keys, spec.keys))) return;
    const seen = new Set<string>();
    for (const doc of this.documents.values()) {
      const key = this.keyOf(doc, spec);
      if (seen.has(key)) throw new DuplicateKeyError(this.name, key);
      seen.add(key);
    }
    this.uniqueIndexes.push(spec);
  }

  private firstMatch(filter: Filter): T | undefined {
    if (typeof filter._id === 'string') {
      const doc = this.documents.get(filter._id);
      return doc && matches(doc, filter) ? doc : undefined;
    }
    for (const doc of this.documents.values()) if (matches(doc, filter)) return doc;
    return undefined;
  }

  private keyOf(doc: T, index: IndexSpec): string {
    return JSON.stringify(Object.keys(index.keys).map((path) => getPath(doc, path) ?? null));
  }

  /** Stores `doc` (replacing `replacing`), after checking every unique index. */
  private write(doc: T, replacing?: string): void {
    for (const index of this.uniqueIndexes) {
      const key = this.keyOf(doc, index);
      for (const other of this.documents.values()) {
        if (other._id !== (replacing ?? doc._id) && this.keyOf(other, index) === key) throw new DuplicateKeyError(this.name, key);
      }
    }
    this.documents.set(doc._id, doc);
  }
}

/** The embedded ReadModels adapter: in memory, rebuilt from the event log at every start. */
export class EmbeddedReadModels implements ReadModels {
  private readonly collections = new Map<string, EmbeddedCollection<Document>>();

  collection<T extends Document>(name: string): Collection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new EmbeddedCollection<Document>(name);
      this.collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  async dropAll(): Promise<void> {
    this.collections.clear();
  }

  async close(): Promise<void> {
    this.collections.clear();
  }
}
