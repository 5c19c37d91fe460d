package io.gatehouse.docker;

import java.util.Map;

/** Traefik's naming of things built from containers. */
final class DockerNames {

    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final String COMPOSE_SERVICE = "com.docker.compose.service";

    private DockerNames() {
    }

    /** Traefik's {@code normalize}: runs of letters and digits joined with {@code -}. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean pendingDash = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (isLetterOrNumber(cp)) {
                if (pendingDash && out.length() > 0) {
                    out.append('-');
                }
                pendingDash = false;
                out.appendCodePoint(cp);
            } else {
                pendingDash = true;
            }
        }
        return out.toString();
    }

    /** Go's unicode.IsLetter || unicode.IsNumber (Nd, Nl and No). */
    private static boolean isLetterOrNumber(int cp) {
        int type = Character.getType(cp);
        return Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** The container's service name: {@code <service>_<project>} for compose containers, else its name; normalized. */
    static String serviceName(ContainerInfo container) {
        Map<String, String> labels = container.labels();
        String project = labels.get(COMPOSE_PROJECT);
        String service = labels.get(COMPOSE_SERVICE);
        String name = project != null && service != null ? service + "_" + project : container.name();
        return normalize(name);
    }
}
