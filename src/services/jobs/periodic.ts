// Periodic jobs. A job that writes shared data must run once however many instances serve:
// with a leader (PostgreSQL) a tick runs only on the instance holding the lead, and another
// takes over when that one goes away. Work each instance does for itself (its feed cache's
// poll and stale-rate timer, the flush of its own fetch counts as increments) is not a job
// here: it must run on every instance.
import type { FastifyBaseLogger } from 'fastify';
import type { JobLeader } from '../../db/database.js';

export interface Jobs {
  /** Runs `job` every `ms` (first after `ms`); on one instance at a time when there is a leader. Returns its stop. */
  every(name: string, ms: number, job: () => Promise<unknown>): () => void;
  /** True when this instance may run once-only work now (always without a leader). */
  leads(): Promise<boolean>;
  /** Stops the timers, waits for running jobs, gives the lead up. */
  close(): Promise<void>;
}

export function createJobs(leader: JobLeader | null, log?: FastifyBaseLogger): Jobs {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let closed = false;
  const leads = async () => !closed && (leader ? leader.isLeader() : true);

  return {
    every(name, ms, job) {
      const busy = { now: false };
      const tick = async () => {
        if (busy.now || !(await leads())) return;
        busy.now = true;
        try {
          await job();
        } catch (err) {
          log?.error({ err, job: name }, 'periodic job failed; it runs again at its next tick');
        } finally {
          busy.now = false;
        }
      };
      const timer = setInterval(() => {
        const run = tick();
        running.add(run);
        void run.finally(() => running.delete(run));
      }, ms);
      timer.unref();
      timers.push(timer);
      return () => clearInterval(timer);
    },
    leads,
    async close() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running);
      await leader?.close();
    },
  };
}
