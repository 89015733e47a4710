package com.mi.poco.platform.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.platform.faults.BatchOrEachAlone;
import com.mi.poco.platform.faults.FailureChain;
import com.mi.poco.platform.faults.TransientFailures;
import com.mi.poco.platform.problem.JsonFields;
import com.mi.poco.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Imports an NDJSON body as it streams in: each line is parsed strictly ({@link ExportJson}: a wrong
 * type is a wrong type, not a coercion), validated, and handed to a {@link LineHandler} in chunks of
 * {@code imports.chunk-size} lines per transaction. A bad line is rejected with its number and
 * reason; the good lines around it are kept. If a chunk fails as a whole (a concurrent import of
 * the same ids), it is applied again line by line, so one line can only sink itself; a chunk the
 * database could not take for a while (it is down) ends the request with a 503 and {@code Retry-After}. Once a request
 * stored new lines, {@link LinesImported} tells whoever keeps something about the imported tables.
 */
@ApplicationScoped
public class NdjsonImporter {

    public static final String MEDIA_TYPE = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(NdjsonImporter.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final ExportJson export;
    private final Validator validator;
    private final ImportConfig config;
    private final Event<LinesImported> imported;

    /**
     * The highest line a part may begin at: the largest whole number a JSON reader in a browser holds exactly
     * (2^53 - 1), so a rejection's line number is read as sent; a part's own lines (its body is at most
     * {@code imports.max-body-size}) cannot carry it past a {@code long}. Without it, {@code firstLine} near
     * {@code Long.MAX_VALUE} wrapped a rejection's number round to a negative one.
     */
    static final long MAX_FIRST_LINE = (1L << 53) - 1;

    public NdjsonImporter(ObjectMapper json, Validator validator, ImportConfig config, Event<LinesImported> imported) {
        this.export = new ExportJson(json);
        this.validator = validator;
        this.config = config;
        this.imported = imported;
    }

    /**
     * @param firstLine     the number of the body's first line in the whole file (a file sent in parts)
     * @param contentLength the declared body size (Content-Length), null if none: a body declared too
     *                      large is refused unread
     */
    public <T> ImportReport importLines(InputStream body, Long contentLength, long firstLine,
            Class<T> type, LineHandler<T> handler) {
        long maxBody = config.maxBodySize().asLongValue();
        if (contentLength != null && contentLength > maxBody) {
            throw tooLarge(maxBody, "Nothing was imported.");
        }
        if (firstLine < 1 || firstLine > MAX_FIRST_LINE) {
            throw ProblemException.badRequest("invalid-first-line", "firstLine counts from 1 to " + MAX_FIRST_LINE);
        }
        Tally tally = new Tally(config.maxRejectionsReported());
        LineReader reader = new LineReader(body, (int) config.maxLineLength().asLongValue(), maxBody);
        try {
            return readAndApply(reader, firstLine, type, handler, tally);
        } finally {
            if (tally.accepted > 0) {
                imported.fire(new LinesImported(type, tally.accepted));
            }
        }
    }

    private <T> ImportReport readAndApply(LineReader reader, long firstLine, Class<T> type, LineHandler<T> handler,
            Tally tally) {
        long maxBody = config.maxBodySize().asLongValue();
        List<Numbered<T>> chunk = new ArrayList<>(config.chunkSize());
        long number = firstLine - 1;
        try {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                number++;
                if (line.problem() != null) {
                    tally.reject(number, line.problem());
                } else if (!line.text().isBlank()) {
                    parse(number, line.text(), type, tally).ifPresent(chunk::add);
                }
                if (chunk.size() == config.chunkSize()) {
                    apply(chunk, handler, tally);
                    chunk.clear();
                }
            }
        } catch (LineReader.BodyTooLarge e) {
            // The line cut by the limit is incomplete (it was counted already): drop it, keep the rest.
            apply(chunk, handler, tally);
            throw tooLarge(maxBody, "The complete lines before the limit were imported (accepted " + tally.accepted
                    + ", duplicates " + tally.duplicates + ", rejected " + tally.rejected + "); importing is idempotent,"
                    + " so send the file in parts, each with ?firstLine= set to its first line's number.");
        } catch (IOException broken) {
            apply(chunk, handler, tally);
            throw ProblemException.badRequest("body-unreadable", "The body could not be read to its end after line "
                    + number + ": " + broken.getMessage() + ". The lines before were imported; send the rest again.");
        }
        apply(chunk, handler, tally);
        return tally.report();
    }

    private <T> Optional<Numbered<T>> parse(long number, String text, Class<T> type, Tally tally) {
        T value;
        try {
            value = export.read(text, type);
        } catch (RejectedLine unreadable) {
            tally.reject(number, unreadable.getMessage());
            return Optional.empty();
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            tally.reject(number, violations.stream()
                    .map(v -> JsonFields.field(v.getPropertyPath(), 0) + ": " + v.getMessage())
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.joining("; ")));
            return Optional.empty();
        }
        return Optional.of(new Numbered<>(number, value));
    }

    /** A chunk in one transaction, or, if it fails, each of its lines in a transaction of its own. */
    private <T> void apply(List<Numbered<T>> chunk, LineHandler<T> handler, Tally tally) {
        BatchOrEachAlone.apply(chunk,
                lines -> QuarkusTransaction.requiringNew().call(() -> {
                    handler.prefetch(lines.stream().map(Numbered::value).toList());
                    List<Result> attempted = lines.stream().map(line -> attempt(line, handler)).toList();
                    handler.finish();
                    return attempted;
                }),
                results -> results.forEach(tally::count),
                chunkFailed -> {
                    unavailableIfTransient(chunkFailed, chunk, tally);
                    LOG.debugf(chunkFailed, "Import chunk failed as a whole; applying its %d lines one by one", chunk.size());
                },
                (line, lineFailed) -> {
                    unavailableIfTransient(lineFailed, chunk, tally);
                    LOG.debugf(lineFailed, "Import line %d could not be stored", line.number());
                    tally.reject(line.number(), storeFailure(lineFailed));
                });
    }

    /**
     * Why a line that failed alone (in a transaction of its own, not for a transient fault) was not stored: a
     * unique key that another import stored meanwhile, which importing it again settles as a duplicate or a
     * conflict; else a value the database refused, named by its SQLSTATE (the kind of error, nothing of the
     * schema), which the line's reader should have refused and did not.
     */
    static String storeFailure(Throwable failure) {
        Optional<String> state = FailureChain.sqlState(failure);
        if (state.filter(UNIQUE_VIOLATION::equals).isPresent()) {
            return "could not be stored: it conflicts with a record stored concurrently; import it again";
        }
        return "could not be stored: the database refused it" + state.map(code -> " (SQLSTATE " + code + ")").orElse("");
    }

    /**
     * A chunk that failed because the database is briefly unavailable stops the import with a 503: the
     * chunks before it are stored, and sending the same part again stores the rest (what is stored
     * already comes back as duplicates).
     */
    private <T> void unavailableIfTransient(RuntimeException failure, List<Numbered<T>> chunk, Tally tally) {
        if (TransientFailures.isTransient(failure)) {
            throw ProblemException.unavailable("The database is briefly unavailable: the lines before line "
                    + chunk.get(0).number() + " were stored (accepted " + tally.accepted + ", duplicates "
                    + tally.duplicates + ", rejected " + tally.rejected + "); send the same part again",
                    config.retryAfter(), failure);
        }
    }

    private static <T> Result attempt(Numbered<T> line, LineHandler<T> handler) {
        try {
            return new Result(line.number(), handler.apply(line.value()), null);
        } catch (RejectedLine rejected) {
            return new Result(line.number(), null, rejected.getMessage());
        }
    }

    private static ProblemException tooLarge(long limit, String what) {
        return new ProblemException("payload-too-large", "Payload too large", 413,
                "The body is larger than " + limit + " bytes. " + what);
    }

    private record Numbered<T>(long number, T value) {
    }

    private record Result(long number, LineOutcome outcome, String rejection) {
    }

    private static final class Tally {
        private final int maxListed;
        private final List<ImportReport.Rejection> rejections = new ArrayList<>();
        private long accepted;
        private long duplicates;
        private long rejected;

        Tally(int maxListed) {
            this.maxListed = maxListed;
        }

        void count(Result result) {
            if (result.rejection() != null) {
                reject(result.number(), result.rejection());
            } else if (result.outcome() == LineOutcome.ACCEPTED) {
                accepted++;
            } else {
                duplicates++;
            }
        }

        void reject(long line, String reason) {
            rejected++;
            if (rejections.size() < maxListed) {
                rejections.add(new ImportReport.Rejection(line, reason));
            }
        }

        ImportReport report() {
            rejections.sort(Comparator.comparingLong(ImportReport.Rejection::line));
            return new ImportReport(accepted, duplicates, rejected, List.copyOf(rejections));
        }
    }
}
