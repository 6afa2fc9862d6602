import { GroupPresence } from './presence.port';

/** One running instance of the service, as operators see it. */
export interface InstanceDescription {
  readonly instanceId: string;
  readonly startedAt: string;
  /** The groups with open sockets on the instance. */
  readonly groups: GroupPresence[];
}

/** The other live instances of the service (those sharing its store and broker), as last heard from. */
export interface PeerInstances {
  peers(): InstanceDescription[];
}
