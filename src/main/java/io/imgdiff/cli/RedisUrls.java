package io.imgdiff.cli;

import java.util.regex.Pattern;

/** Redis connection strings made fit for messages and logs: a password in them is replaced by {@code ***}. */
final class RedisUrls {

    /** {@code scheme://user:password@} or {@code scheme://password@}, and {@code password=} in the query. */
    private static final Pattern USER_INFO = Pattern.compile("(rediss?://)([^/@:,]*:)?[^/@,]*@");
    private static final Pattern QUERY_PASSWORD = Pattern.compile("([?&]password=)[^&,]*");

    private RedisUrls() {
    }

    /** {@code hosts} (one URL or a comma-separated list) with every password replaced by {@code ***}. */
    static String redact(String hosts) {
        String s = USER_INFO.matcher(hosts).replaceAll(m -> m.group(1)
                + (m.group(2) == null ? "" : java.util.regex.Matcher.quoteReplacement(m.group(2))) + "***@");
        return QUERY_PASSWORD.matcher(s).replaceAll("$1***");
    }
}
