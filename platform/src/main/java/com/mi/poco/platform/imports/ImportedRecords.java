package com.mi.poco.platform.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * The import rule of LEGACY-EXPORT.md for records with a unique id: a new id is stored; the same id
 * with the same content is a duplicate (nothing changes); with other content it is a conflict, and
 * the line is rejected. Each chunk's existing records are loaded in one query, and a new id is
 * known to be new without asking the database again.
 */
@ApplicationScoped
public class ImportedRecords {

    private final EntityManager entityManager;
    private final ObjectMapper json;

    public ImportedRecords(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /**
     * @param entity what a line becomes
     * @param idName the id's name in the export, for the rejection reason
     * @param id     the line's id (the entity's primary key)
     * @param create builds the entity from a line and its fingerprint; may throw {@link RejectedLine}
     */
    public <L, E extends ImportedRecord> LineHandler<L> storeOnce(
            Class<E> entity, String idName, Function<L, ?> id, BiFunction<L, String, E> create) {
        return new LineHandler<>() {
            /** The records already stored for the ids of the lines in hand; those stored since are added. */
            private final Map<Object, E> stored = new HashMap<>();

            @Override
            public void prefetch(List<L> lines) {
                stored.clear();
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
                E existing = stored.get(id.apply(line));
                if (existing == null) {
                    E created = create.apply(line, fingerprint);
                    entityManager.persist(created);
                    stored.put(id.apply(line), created);
                    return LineOutcome.ACCEPTED;
                }
                if (fingerprint.equals(existing.contentHash())) {
                    return LineOutcome.DUPLICATE;
                }
                throw new RejectedLine(idName + " " + id.apply(line)
                        + " was already imported with different content (conflicting duplicate)");
            }
        };
    }
}
