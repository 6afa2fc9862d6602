export interface IdGenerator {
  /** A new globally unique id (event ids, correlation ids, connection ids). */
  newId(): string;
}
