package com.mi.poco.platform.regions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The market codes used in URLs and records (docs/contracts.md, "Redirects"). */
@ConfigMapping(prefix = "poco.regions")
public interface RegionConfig {

    @WithDefault("global,uk,fr,de,es,it,in")
    List<String> codes();
}
