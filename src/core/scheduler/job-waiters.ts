// Who waits for a segment, and by when: the player's requests for one job. The job's deadline is
// the earliest of theirs; a request withdrawn (the player aborted) no longer counts.

interface Waiter<T> {
  deadline: number;
  resolve: (result: T) => void;
  reject: (reason: unknown) => void;
}

export class JobWaiters<T> {
  private readonly list: Waiter<T>[] = [];
  /** The earliest deadline among those waiting (Infinity: none). It stands once they are answered. */
  deadline = Number.POSITIVE_INFINITY;

  add(deadline: number): { promise: Promise<T>; withdraw: () => void } {
    let waiter!: Waiter<T>;
    const promise = new Promise<T>((resolve, reject) => {
      waiter = { deadline, resolve, reject };
    });
    this.list.push(waiter);
    this.deadline = Math.min(this.deadline, deadline);
    const withdraw = () => {
      const i = this.list.indexOf(waiter);
      if (i < 0) return;
      this.list.splice(i, 1);
      this.deadline = Math.min(Number.POSITIVE_INFINITY, ...this.list.map((w) => w.deadline));
    };
    return { promise, withdraw };
  }

  resolveAll(result: T): void {
    for (const w of this.list.splice(0)) w.resolve(result);
  }

  rejectAll(reason: unknown): void {
    for (const w of this.list.splice(0)) w.reject(reason);
  }
}
