package io.wmco.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.fleet.SlotClaims;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SlotLedgerTest {
    private static final InstanceKey A = InstanceKey.byoh("10.0.0.1");
    private static final InstanceKey B = InstanceKey.byoh("10.0.0.2");
    private static final SlotClaims.Claim N1 = new SlotClaims.Claim("n1", Optional.empty());
    private static final SlotClaims.Claim N2 = new SlotClaims.Claim("n2", Optional.of("set"));

    private final SlotLedger ledger = new SlotLedger();

    @Test
    void twoKeysDecidingFromTheSameSnapshotCannotBothClaim() {
        SlotClaims seenByA = ledger.snapshot();
        SlotClaims seenByB = ledger.snapshot();

        assertTrue(ledger.claim(seenByA, A, N1));
        assertFalse(ledger.claim(seenByB, B, N2), "B decided before A's claim: it must decide again");
        SlotClaims fresh = ledger.snapshot();
        assertEquals(Map.of("n1", A), fresh.nodes());
        assertEquals(Map.of(), fresh.machineSets());
    }

    @Test
    void aReleaseAlsoInvalidatesOlderSnapshotsAndFreesEverythingOfTheKey() {
        assertTrue(ledger.claim(ledger.snapshot(), B, N2));
        SlotClaims before = ledger.snapshot();
        ledger.release(B);

        assertFalse(ledger.claim(before, A, N1));
        assertEquals(Map.of(), ledger.snapshot().nodes());
        assertEquals(Map.of(), ledger.snapshot().machineSets());
    }

    @Test
    void claimingAgainWhatTheKeyHoldsKeepsTheVersion() {
        assertTrue(ledger.claim(ledger.snapshot(), A, N1));
        SlotClaims seen = ledger.snapshot();

        assertTrue(ledger.claim(seen, A, N1));
        assertEquals(seen.version(), ledger.snapshot().version(), "a resumed upgrade does not disturb others");
    }

    @Test
    void waitersAreHandedOutOnceAndForgottenWhenTheyClaim() {
        ledger.awaitSlot(A);
        ledger.awaitSlot(B);
        assertTrue(ledger.claim(ledger.snapshot(), B, N2));

        assertEquals(Set.of(A), ledger.takeWaiting());
        assertEquals(Set.of(), ledger.takeWaiting());
    }

    @Test
    void underContentionEveryClaimThatSucceedsWasDecidedFromTheLatestClaims() throws Exception {
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            InstanceKey key = InstanceKey.byoh("10.0.1." + i);
            Callable<Boolean> decideAndClaim = () -> {
                go.await();
                // the slot rule with one slot: take it only when nobody else holds one
                for (int attempt = 0; attempt < 100; attempt++) {
                    SlotClaims seen = ledger.snapshot();
                    if (!seen.nodes().isEmpty()) {
                        return false;
                    }
                    if (ledger.claim(seen, key, new SlotClaims.Claim("node-" + key.name(), Optional.empty()))) {
                        return true;
                    }
                }
                return false;
            };
            results.add(pool.submit(decideAndClaim));
        }
        go.countDown();
        long winners = 0;
        for (Future<Boolean> r : results) {
            winners += r.get() ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(1, winners);
        assertEquals(1, ledger.snapshot().nodes().size());
    }
}
