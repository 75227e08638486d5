package io.hazelray.tasks.impl;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.hazelray.core.ObjectStoreFullException;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.MemberCall;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Who holds a member's object store: the owners (drivers) of the objects whose primary copy it
 * holds, largest first, for the message of an {@link ObjectStoreFullException}. Reads at most
 * {@link #MAX_SCANNED} entries (only asked when a store is full).
 */
final class StoreHolders extends MemberCall<String> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SCANNED = 20_000;
    private static final int SHOWN = 3;

    @Override
    protected String answer(HazelcastInstance member) {
        IMap<String, Object> map = member.getMap(Tasks.OBJECTS_MAP);
        Map<String, long[]> byOwner = new HashMap<>();
        int scanned = 0;
        for (String key : map.localKeySet()) {
            if (++scanned > MAX_SCANNED) {
                break;
            }
            EntryView<String, Object> view = map.getEntryView(key);
            if (view != null) {
                long[] counts = byOwner.computeIfAbsent(ObjectStore.ownerOf(key), k -> new long[2]);
                counts[0]++;
                counts[1] += view.getCost();
            }
        }
        if (byOwner.isEmpty()) {
            return null;
        }
        return "largest owners: " + byOwner.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(SHOWN)
                .map(e -> e.getKey() + " " + e.getValue()[0] + " objects, " + ObjectStoreFullException.bytes(e.getValue()[1]))
                .collect(Collectors.joining("; "));
    }
}
