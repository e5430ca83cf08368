package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsync.support.CamelMainRuntime;
import dev.subsync.support.SharedDatabase;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The settings of k8s/camel-k reach routes/ by the routes the Camel K operator uses (see
 * {@link CamelMainRuntime}): every default from the jar's one defaults file, the mounted ConfigMap and
 * Secret over them, and the database password from the Secret, for a database that checks it.
 */
class CamelKSettingsOnCamelMainTest {

    @Test
    void theDatabaseChecksThePasswordAndTheRuntimeGetsItFromTheMountedSecret() throws Exception {
        int port = CamelMainRuntime.port();
        String url = SharedDatabase.urlWithoutUser();
        assertThatThrownBy(() -> DriverManager.getConnection(url, SharedDatabase.PASSWORD_USER, "not-the-password"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThat(CamelMainRuntime.property("subsync.datasource.username")).isEqualTo(SharedDatabase.PASSWORD_USER);

        // a receipt is stored and read back: the API key came from the Secret, the connection from its password
        String user = "camel-k-" + UUID.randomUUID();
        SubscriberApi api = new SubscriberApi(port, SubsyncTest.API_KEY);
        HttpResponse<String> stored = api.postReceipt(user, "sub_" + UUID.randomUUID().toString().replace("-", ""));
        assertThat(stored.statusCode()).as(stored.body()).isBetween(200, 201);
        assertThat(api.subscriber(user).body()).contains(user);
    }

    @Test
    void defaultsComeFromTheJarsOneFileAndTheMountedConfigurationOverridesThem() {
        CamelMainRuntime.port();
        assertThat(CamelMainRuntime.property("subsync.receipt-wait")).isEqualTo("72h");          // subsync-defaults.properties
        assertThat(CamelMainRuntime.property("subsync.webhooks.concurrency")).isEqualTo("16");
        assertThat(CamelMainRuntime.property("subsync.resequence.window")).isEqualTo("300ms");   // a mounted ConfigMap
        assertThat(CamelMainRuntime.property("subsync.api.keys")).isEqualTo(SubsyncTest.API_KEY); // the mounted Secret
    }
}
