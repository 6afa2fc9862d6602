import { randomUUID } from 'node:crypto';
import { IdGenerator } from '../../application/ports/id-generator.port';

/** Random (v4) UUIDs from Node's crypto: unique without coordination between instances. */
export class RandomUuidGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
