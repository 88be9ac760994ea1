package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.wmco.domain.cluster.NetworkFacts;
import io.wmco.domain.machine.MachineSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineMappingTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text.replace('\'', '"')).getAsJsonObject();
    }

    @Test
    void mapsAProvisionedWindowsMachine() {
        MachineSnapshot m = MachineMapping.toSnapshot(json("""
                {'apiVersion':'machine.openshift.io/v1beta1','kind':'Machine',
                 'metadata':{'name':'win-a','namespace':'openshift-machine-api',
                   'labels':{'machine.openshift.io/os-id':'Windows'},
                   'ownerReferences':[{'apiVersion':'machine.openshift.io/v1beta1','kind':'MachineSet','name':'winset','uid':'u'}]},
                 'status':{'phase':'Running',
                   'addresses':[{'type':'InternalDNS','address':'win-a.local'},{'type':'InternalIP','address':'10.0.0.7'},
                                {'type':'InternalIP','address':'10.0.1.7'}],
                   'nodeRef':{'kind':'Node','name':'win-a-node'}}}
                """));
        assertEquals("openshift-machine-api", m.namespace());
        assertEquals("win-a", m.name());
        assertEquals(Map.of("machine.openshift.io/os-id", "Windows"), m.labels());
        assertEquals("Running", m.phase());
        assertEquals(List.of("10.0.0.7", "10.0.1.7"), m.internalIps());
        assertEquals(Optional.of("win-a-node"), m.nodeName());
        assertEquals(Optional.of("winset"), m.machineSet());
        assertFalse(m.deleting());
    }

    @Test
    void newMachineHasEmptyStatusFieldsAndMachineSetFromLabel() {
        MachineSnapshot m = MachineMapping.toSnapshot(json("""
                {'metadata':{'name':'win-b','namespace':'ns','deletionTimestamp':'2026-01-01T00:00:00Z',
                   'labels':{'machine.openshift.io/cluster-api-machineset':'fromlabel'}}}
                """));
        assertEquals("", m.phase());
        assertEquals(List.of(), m.internalIps());
        assertEquals(Optional.empty(), m.nodeName());
        assertEquals(Optional.of("fromlabel"), m.machineSet());
        assertTrue(m.deleting());
    }

    @Test
    void rejectsMachineWithoutName() {
        assertThrows(IllegalArgumentException.class, () -> MachineMapping.toSnapshot(json("{'metadata':{}}")));
    }

    @Test
    void readsHybridOverlayNetworkSettings() {
        NetworkFacts n = OpenShiftConfigMapping.network(json("""
                {'spec':{'serviceNetwork':['172.30.0.0/16'],
                  'defaultNetwork':{'type':'OVNKubernetes','ovnKubernetesConfig':{'hybridOverlayConfig':{
                     'hybridClusterNetwork':[{'cidr':'10.132.0.0/14','hostPrefix':23}],'hybridOverlayVXLANPort':9898}}}}}
                """));
        assertEquals(
                new NetworkFacts(
                        "OVNKubernetes", List.of("172.30.0.0/16"), List.of("10.132.0.0/14"), Optional.of(9898)),
                n);
    }

    @Test
    void networkWithoutHybridOverlayHasNoHybridNetworks() {
        NetworkFacts n = OpenShiftConfigMapping.network(
                json("{'spec':{'serviceNetwork':['172.30.0.0/16'],'defaultNetwork':{'type':'OpenShiftSDN'}}}"));
        assertEquals(new NetworkFacts("OpenShiftSDN", List.of("172.30.0.0/16"), List.of(), Optional.empty()), n);
    }

    @Test
    void platformComesFromPlatformStatusThenLegacyField() {
        assertEquals(
                Optional.of("VSphere"),
                OpenShiftConfigMapping.platform(
                        json("{'status':{'platform':'None','platformStatus':{'type':'VSphere'}}}")));
        assertEquals(Optional.of("AWS"), OpenShiftConfigMapping.platform(json("{'status':{'platform':'AWS'}}")));
        assertEquals(Optional.empty(), OpenShiftConfigMapping.platform(json("{'spec':{}}")));
    }
}
