/**
 * The ReadModels port: a subset of the MongoDB collection API, so that the production adapter is
 * a thin pass-through to the `mongodb` driver and the embedded adapter reproduces the same
 * semantics in process. Anything a service needs from a read model must be expressible here.
 */

export type Document = { _id: string } & Record<string, unknown>;

/** A MongoDB query filter: field equality, dotted paths, and the operators listed in the README. */
export type Filter = Record<string, unknown>;

/** 1 ascending, -1 descending; keys are (dotted) field paths, applied in insertion order. */
export type Sort = Record<string, 1 | -1>;

/** Inclusion (1) or exclusion (0) projection, as in MongoDB; `_id` is included unless excluded. */
export type Projection = Record<string, 0 | 1>;

export interface FindOptions {
  sort?: Sort;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

/** Update operators supported: $set, $unset, $inc, $push, $pull, $addToSet, $setOnInsert. */
export type Update = Record<string, Record<string, unknown>>;

export interface UpdateOptions {
  upsert?: boolean;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedId?: string;
}

export type BulkOperation<T extends Document> =
  | { insertOne: { document: T } }
  | { replaceOne: { filter: Filter; replacement: T; upsert?: boolean } }
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export interface IndexSpec {
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  name?: string;
}

/** Pipeline stages supported: $match, $group, $sort, $skip, $limit, $project, $unwind, $count. */
export type PipelineStage = Record<string, unknown>;

export interface Collection<T extends Document> {
  readonly name: string;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter: Filter, options?: Pick<FindOptions, 'projection'>): Promise<T | null>;
  countDocuments(filter?: Filter): Promise<number>;
  aggregate<R = Record<string, unknown>>(pipeline: PipelineStage[]): Promise<R[]>;
  insertOne(document: T): Promise<void>;
  replaceOne(filter: Filter, replacement: T, options?: UpdateOptions): Promise<UpdateResult>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  /** Applied in order; stops at the first failure (ordered bulk write, as MongoDB's default). */
  bulkWrite(operations: BulkOperation<T>[]): Promise<void>;
  createIndex(spec: IndexSpec): Promise<void>;
}

export interface ReadModels {
  collection<T extends Document>(name: string): Collection<T>;
  /** Drops every collection: used before a rebuild from the event log. */
  dropAll(): Promise<void>;
  close(): Promise<void>;
}

/** Raised on a unique-index violation, in both adapters (MongoDB code 11000). */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(collection: string, key: string) {
    super(`Duplicate key in ${collection}: ${key}`);
    this.name = 'DuplicateKeyError';
  }
}
