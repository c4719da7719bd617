package org.arcodec.internal.conv;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One whole-row pass of a stream: {@code groups} groups of nodes, one after the other, each cut
 * into {@code ranges} column ranges. A range is a ticket, numbered group by group; the caller and
 * helper tasks on the common fork-join pool claim tickets in order, and a ticket of group g runs
 * only once every ticket of group g - 1 has finished. The caller claims tickets like any helper
 * and waits only for tickets already claimed, which the threads that claimed them are running, so
 * the pass finishes even when no helper ever starts (a busy pool): then the caller runs them all.
 * Which thread runs a range changes nothing in its values.
 *
 * <p>One object per pass: a helper that starts late finds its pass over and returns.
 */
final class ParallelRowPass {
    /** The work of one ticket: group {@code group}, column range {@code range}, with participant {@code worker}'s scratch space. */
    interface Work {
        void run(int group, int range, int worker);
    }

    /** Spins on a wait before each {@link Thread#yield}, so that a descheduled thread does not keep its partner spinning for long. */
    private static final int SPINS_BEFORE_YIELD = 1 << 10;

    private final int tickets;
    private final int ranges;
    private final Work work;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Throwable failure;

    private ParallelRowPass(int groups, int ranges, Work work) {
        this.tickets = groups * ranges;
        this.ranges = ranges;
        this.work = work;
    }

    /**
     * Runs every ticket, on the calling thread (participant 0) and up to {@code helpers} tasks of
     * the common pool (participants 1 to helpers), and returns when all have finished.
     */
    static void run(int groups, int ranges, int helpers, Work work) {
        ParallelRowPass pass = new ParallelRowPass(groups, ranges, work);
        for (int h = 1; h <= helpers; h++) {
            int worker = h;
            ForkJoinPool.commonPool().execute(() -> pass.help(worker));
        }
        try {
            pass.claim(0);
            pass.await(pass.tickets);
        } catch (RuntimeException | Error e) {
            pass.failure = e;   // releases helpers waiting for a ticket that will not finish
            throw e;
        }
    }

    private void help(int worker) {
        try {
            claim(worker);
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void claim(int worker) {
        for (int t = next.getAndIncrement(); t < tickets; t = next.getAndIncrement()) {
            int group = t / ranges;
            await(group * ranges);
            work.run(group, t % ranges, worker);
            finished.incrementAndGet();
        }
    }

    /** Waits until at least {@code count} tickets have finished; rethrows a helper's failure. */
    private void await(int count) {
        for (int spins = 0; finished.get() < count; spins++) {
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("a helper of a parallel row pass failed", t);
            }
            if (spins % SPINS_BEFORE_YIELD == SPINS_BEFORE_YIELD - 1) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
