package dev.g20.alert;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Publishes the emitter JSON to an MQTT topic (Eclipse Paho); connects on first use and after a failure. */
final class MqttSender implements AlertSender {
    private final AlertAction.Mqtt action;
    private final String clientId;
    private MqttClient client;

    MqttSender(AlertAction.Mqtt action, String clientId) {
        this.action = action;
        this.clientId = clientId;
    }

    @Override
    public void send(Alert alert, byte[] json) throws Exception {
        try {
            if (client == null || !client.isConnected()) connect();
            MqttMessage m = new MqttMessage(json);
            m.setQos(action.qos());
            client.publish(action.topic(), m);
        } catch (MqttException e) {
            close();
            throw new Retryable("MQTT " + action.broker() + ": " + e.getMessage() + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    private void connect() throws MqttException {
        close();
        MqttClient c = new MqttClient(action.broker(), clientId, new MemoryPersistence());
        c.setTimeToWait(action.timeout().toMillis());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, action.timeout().toSeconds()));
        try {
            c.connect(o);
        } catch (MqttException e) {
            try {
                c.close(true);
            } catch (MqttException ignored) {
                // already failing
            }
            throw e;
        }
        client = c;
    }

    @Override
    public void close() {
        MqttClient c = client;
        client = null;
        if (c == null) return;
        try {
            if (c.isConnected()) c.disconnectForcibly(100, 500);
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // closing anyway
        }
    }
}
