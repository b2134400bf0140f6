// A tiny typed event emitter. A listener that throws is reported, never allowed to
// break the component that emitted (a buggy UI must not stop the swarm).

type Listener<T> = (payload: T) => void;

export class Emitter<Events extends object> {
  /**
   * Listeners per event, in arrays that are replaced, never changed, when one is added or
   * removed: emit walks the array it found without copying it (events fire far more often than
   * listeners change), and a listener added or removed meanwhile takes effect from the next emit.
   */
  private readonly listeners = new Map<keyof Events, readonly Listener<never>[]>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    const list = this.listeners.get(type) ?? [];
    if (!list.includes(listener as Listener<never>))
      this.listeners.set(type, [...list, listener as Listener<never>]);
    return () => this.off(type, listener);
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    const list = this.listeners.get(type);
    if (list?.includes(listener as Listener<never>))
      this.listeners.set(
        type,
        list.filter((l) => l !== listener),
      );
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const list = this.listeners.get(type);
    if (!list) return;
    for (const listener of list) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
