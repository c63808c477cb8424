package dev.g20.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The closed sets read from config keep their lower-case spellings on the wire. */
class WireNameTest {

    @Test
    void parsesCaseInsensitivelyAndRefusesUnknownNames() {
        assertThat(WireName.parse(DetectorKind.class, " Energy ")).isEqualTo(DetectorKind.ENERGY);
        assertThat(WireName.parse(ExecutionProvider.class, "TensorRT")).isEqualTo(ExecutionProvider.TENSORRT);
        assertThat(WireName.parse(FftBackend.class, "gpu")).isNull();
        assertThat(WireName.names(AssociationMethod.class)).containsExactly("hungarian", "greedy");
        assertThat(InferenceConfig.DETECTORS).containsExactly("yolo", "energy");
    }

    @Test
    void jacksonWritesTheWireName() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Map.of("d", DetectorKind.YOLO, "m", ClassAssociation.STRICT));
        assertThat(json).contains("\"d\":\"yolo\"").contains("\"m\":\"strict\"");
    }

    @Test
    void configNodeNamesFileKeyAndChoicesForAnUnknownValue() throws Exception {
        ConfigNode n = new ConfigNode("inference.yaml", new ObjectMapper().readTree("{\"execution_provider\": \"npu\"}"));
        assertThatThrownBy(() -> n.getEnum("execution_provider", ExecutionProvider.CPU, ExecutionProvider.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("inference.yaml: key 'execution_provider' has unknown value 'npu' (expected one of cpu, cuda, tensorrt)");
    }
}
