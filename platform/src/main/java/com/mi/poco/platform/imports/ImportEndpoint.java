package com.mi.poco.platform.imports;

import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A service's import endpoint, {@code POST <its path>/{file}}: the body is one of the service's files
 * of the POCO export as NDJSON, streamed line by line into its {@link ImportedFile}. A file too large
 * for one request is sent in parts, each with {@code ?firstLine=} set so that rejections keep their line
 * numbers in the whole file; a name the service does not import is a 404 that lists those it does. A
 * service declares its endpoint with a path and its files:
 *
 * <pre>{@code
 * @Path("/api/coupons/imports")
 * public class CouponImportResource extends ImportEndpoint {
 *     public CouponImportResource(NdjsonImporter importer, ImportedRecords records) {
 *         super(importer, List.of(new ImportedFile<>("coupons", CouponLine.class, () -> records.storeOnce(...))));
 *     }
 * }
 * }</pre>
 */
public abstract class ImportEndpoint {

    private final NdjsonImporter importer;
    private final Map<String, ImportedFile<?>> files;

    protected ImportEndpoint(NdjsonImporter importer, List<ImportedFile<?>> files) {
        this.importer = importer;
        this.files = files.stream().collect(Collectors.toUnmodifiableMap(ImportedFile::name, Function.identity()));
    }

    @POST
    @Path("{file}")
    @Consumes(NdjsonImporter.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPS)
    @Operation(summary = "Import one file of the POCO export (NDJSON), or a part of it starting at line firstLine")
    public ImportReport importFile(
            @Parameter(description = "the file's name without .jsonl, e.g. accounts, orders, points, coupons, products")
            @RestPath String file,
            InputStream body, @RestHeader("Content-Length") Long length, @RestQuery @DefaultValue("1") long firstLine) {
        ImportedFile<?> imported = files.get(file);
        if (imported == null) {
            throw ProblemException.notFound("import file", file + " (this service imports: "
                    + files.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
        }
        return importLines(imported, body, length, firstLine);
    }

    private <T> ImportReport importLines(ImportedFile<T> imported, InputStream body, Long length, long firstLine) {
        return importer.importLines(body, length, firstLine, imported.lineType(), imported.store().get());
    }
}
