package com.mi.poco.platform.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.DeferredWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * The import rule of docs/legacy-export.md for records with a unique id: a new id is stored; the same id
 * with the same content is a duplicate (nothing changes); with other content it is a conflict, and
 * the line is rejected; an id whose record was erased ({@link ImportedRecord#ERASED}) is rejected too. Each chunk's existing records are loaded in one query, and a new id is
 * known to be new without asking the database again.
 *
 * <p>A chunk's new records are inserted when its transaction commits ({@link DeferredWrites}), through
 * a stateless session in JDBC batches. Nothing reads them back through the persistence context, and
 * its work for each (a snapshot, a deep copy of every JSON column, dirty checking at flush) was two
 * fifths of account-service's import time. Until then, {@link StoreOnce#created} shows them. A record
 * without JSON columns can be inserted with one bulk statement instead ({@link StoreOnce#inBulk}).
 */
@ApplicationScoped
public class ImportedRecords {

    private final EntityManager entityManager;
    private final DeferredWrites writes;
    private final ObjectMapper json;

    public ImportedRecords(EntityManager entityManager, DeferredWrites writes, ObjectMapper json) {
        this.entityManager = entityManager;
        this.writes = writes;
        this.json = json;
    }

    /**
     * @param entity what a line becomes
     * @param idName the id's name in the export, for the rejection reason
     * @param id     the line's id (the entity's primary key)
     * @param create builds the entity from a line and its fingerprint; may throw {@link RejectedLine}
     */
    public <L, E extends ImportedRecord> StoreOnce<L, E> storeOnce(
            Class<E> entity, String idName, Function<L, ?> id, BiFunction<L, String, E> create) {
        return new StoreOnce<>(entity, idName, id, create);
    }

    /** Stores each line's record once; see {@link ImportedRecords}. */
    public final class StoreOnce<L, E extends ImportedRecord> implements LineHandler<L> {

        private final Class<E> entity;
        private final String idName;
        private final Function<L, ?> id;
        private final BiFunction<L, String, E> create;
        /** The records already stored for the ids of the lines in hand; those created since are added. */
        private final Map<Object, E> stored = new HashMap<>();
        /** The records the chunk in hand created, by id, in order: handed to the writes at commit by {@link #finish}. */
        private final Map<Object, E> created = new LinkedHashMap<>();
        private BulkRows<E> bulkInsert;

        private StoreOnce(Class<E> entity, String idName, Function<L, ?> id, BiFunction<L, String, E> create) {
            this.entity = entity;
            this.idName = idName;
            this.id = id;
            this.create = create;
        }

        /**
         * Inserts the chunk's new records with {@code insert} instead of as entities: one statement for
         * the chunk, without the ORM's work per record.
         */
        public StoreOnce<L, E> inBulk(BulkRows<E> insert) {
            this.bulkInsert = insert;
            return this;
        }

        /** A record the chunk in hand created, not inserted yet. */
        public Optional<E> created(Object recordId) {
            return Optional.ofNullable(created.get(recordId));
        }

        @Override
        public void prefetch(List<L> lines) {
            stored.clear();
            created.clear();
            List<?> ids = lines.stream().map(id).distinct().toList();
            List<E> found = entityManager.unwrap(Session.class).byMultipleIds(entity).multiLoad(ids);
            for (int i = 0; i < ids.size(); i++) {
                if (found.get(i) != null) {
                    stored.put(ids.get(i), found.get(i));
                }
            }
        }

        @Override
        public LineOutcome apply(L line) {
            String fingerprint = Fingerprint.of(line, json);
            Object key = id.apply(line);
            E existing = stored.get(key);
            if (existing == null) {
                E record = create.apply(line, fingerprint);
                created.put(key, record);
                stored.put(key, record);
                return LineOutcome.ACCEPTED;
            }
            if (ImportedRecord.ERASED.equals(existing.contentHash())) {
                throw new RejectedLine(idName + " " + key + " was erased on request: it is not imported again");
            }
            if (fingerprint.equals(existing.contentHash())) {
                return LineOutcome.DUPLICATE;
            }
            throw new RejectedLine(idName + " " + key + " was already imported with different content (conflicting duplicate)");
        }

        @Override
        public void finish() {
            for (E record : created.values()) {
                if (bulkInsert != null) {
                    writes.add(bulkInsert, record);
                } else {
                    writes.insert(record);
                }
            }
            created.clear();
        }
    }
}
