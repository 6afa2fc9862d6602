/** Something the service needs in order to serve (the event store, the broker), and how to tell whether it answers. */
export interface DependencyCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects with the reason when it does not. */
  check(): Promise<void>;
}
