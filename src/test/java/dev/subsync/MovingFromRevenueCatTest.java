package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.SubsyncTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's "Moving from RevenueCat" table is true: every field it names in its subsync column is in a
 * real answer of the running app, at the path the table gives ({@code <id>} stands for any key).
 */
class MovingFromRevenueCatTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD = Pattern.compile("`([a-z_]+(?:\\.[a-z_<>]+)*)`");

    @Test
    void everySubsyncFieldTheTableNamesIsInARealResponse() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = "user-" + run;
        long start = Instant.now().getEpochSecond() - 3600;
        api().postReceipt(user, "sub_" + run);
        stripe().post(event("evt_" + run, "customer.subscription.created", start,
                subscription("sub_" + run, "cus_" + run, "prod_" + run, "active", start, start + 86_400 * 30, "")), SECRET);
        awaitProcessed(List.of("evt_" + run));
        JsonNode subscriberAnswer = JSON.readTree(api().subscriber(user).body());
        JsonNode event = JSON.readTree(api().events(user, 0, 1).body()).path("events").path(0);

        List<String> fields = documentedSubsyncFields();

        assertThat(fields).hasSizeGreaterThan(40);
        for (String field : fields) {
            JsonNode root = field.startsWith("event.") ? event : subscriberAnswer;
            String path = field.startsWith("event.") ? field.substring("event.".length()) : field;
            assertThat(has(root, path.split("\\."), 0)).as(field).isTrue();
        }
    }

    private static boolean has(JsonNode node, String[] path, int at) {
        if (at == path.length) {
            return true;
        }
        if (!node.isObject()) {
            return false;
        }
        if (path[at].startsWith("<")) {   // any key: the one the test subscriber has
            return node.size() > 0 && has(node.elements().next(), path, at + 1);
        }
        return node.has(path[at]) && has(node.path(path[at]), path, at + 1);
    }

    /** The backquoted names in the second column of README's table. */
    private static List<String> documentedSubsyncFields() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Moving from RevenueCat");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> fields = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            String[] cells = line.split("\\|", -1);
            if (!line.startsWith("|") || cells.length < 4 || line.startsWith("|---") || cells[2].contains("subsync field")) {
                continue;
            }
            Matcher field = FIELD.matcher(cells[2]);
            while (field.find()) {
                fields.add(field.group(1));
            }
        }
        return fields;
    }
}
