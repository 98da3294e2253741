package app.lightbox.core.export;

import java.nio.file.Path;
import java.util.List;

/**
 * What a fetch did.
 *
 * @param linkRefreshes how many times expired storage links had to be re-resolved
 */
public record FetchReport(String workflowId, Path directory, List<SavedFile> files, int linkRefreshes) {

    public FetchReport {
        files = List.copyOf(files);
    }
}
