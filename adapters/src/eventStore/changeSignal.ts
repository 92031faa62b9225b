/** Wakes everyone waiting for "something was appended". */
export class ChangeSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify, after `timeoutMs`, or when `cancel` is called. */
  wait(timeoutMs: number): { done: Promise<void>; cancel: () => void } {
    let cancel = (): void => {};
    const done = new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.waiters.add(finish);
      cancel = finish;
    });
    return { done, cancel };
  }
}
