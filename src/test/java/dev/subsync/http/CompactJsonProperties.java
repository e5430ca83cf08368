package dev.subsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.subsync.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The API's answers and the push bodies are PostgreSQL's JSON text made compact by
 * {@link JsonReply#compact}: for any document, in PostgreSQL's spaced style, it writes what reading it
 * as a tree and writing that would (the answers' style before it was done token by token).
 */
class CompactJsonProperties {

    @Property(tries = 300)
    void compactWritesWhatTheTreeRoundTripWrites(@ForAll("documents") Object document) throws JsonProcessingException {
        String spaced = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document)
                .replace(":", " : ");   // json_build_object's style; inside strings too, which must survive

        assertThat(JsonReply.compact(spaced)).isEqualTo(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(spaced)));
    }

    @Example
    void numbersAsPostgreSqlWritesThemKeepTheirTreeForm() throws JsonProcessingException {
        String postgres = "{\"price\" : 9.99, \"zero\" : 10.00, \"big\" : 123456789012345678901234567890, \"e\" : 1e2}";

        assertThat(JsonReply.compact(postgres))
                .isEqualTo("{\"price\":9.99,\"zero\":10.0,\"big\":123456789012345678901234567890,\"e\":100.0}");
    }

    @Example
    void textThatIsNotOneJsonDocumentIsRefused() {
        assertThatThrownBy(() -> JsonReply.compact("{\"a\" : 1} {")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonReply.compact("{\"a\" : ")).isInstanceOf(JsonProcessingException.class);
    }

    @Provide
    Arbitrary<Object> documents() {
        return Arbitraries.recursive(this::scalar, this::containerOf, 0, 3);
    }

    private Arbitrary<Object> containerOf(Arbitrary<Object> element) {
        return Arbitraries.oneOf(
                element.list().ofMaxSize(4).map(Object.class::cast),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), element).ofMaxSize(4)
                        .map(map -> (Object) new LinkedHashMap<>(map)));
    }

    private Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20), BigInteger.TEN.pow(30)).map(Object.class::cast),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e9"), new BigDecimal("1e9")).ofScale(3).map(Object.class::cast),
                Arbitraries.doubles().filter(Double::isFinite).map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(Map.of()).map(Object.class::cast)).injectNull(0.1);
    }
}
