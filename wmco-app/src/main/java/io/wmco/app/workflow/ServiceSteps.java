package io.wmco.app.workflow;

import io.wmco.domain.plan.ServiceConvergence;
import io.wmco.domain.plan.ServiceSpec;
import io.wmco.domain.plan.ServiceStep;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceStatus;
import io.wmco.ports.remote.RemoteHost;
import java.util.List;

/** Carries out {@link ServiceStep}s: one query per service, then what {@link ServiceConvergence} says. */
final class ServiceSteps {
    private ServiceSteps() {}

    static StepResult run(ServiceStep step, StepContext ctx) {
        RemoteHost host = ctx.remote();
        if (step instanceof ServiceStep.Stop s) {
            s.names().forEach(name -> runAll(host, ServiceConvergence.toStop(name, status(host, name))));
        } else if (step instanceof ServiceStep.Delete s) {
            s.names().forEach(name -> runAll(host, ServiceConvergence.toDelete(name, status(host, name))));
        } else if (step instanceof ServiceStep.Ensure s) {
            ensure(host, s.spec());
        } else if (step instanceof ServiceStep.EnsureKubeProxy s) {
            ensure(host, s.service(ctx.overlayFacts()));
        }
        return StepResult.DONE;
    }

    private static void ensure(RemoteHost host, ServiceSpec spec) {
        runAll(host, ServiceConvergence.toRun(spec, status(host, spec.name())));
    }

    static ServiceStatus status(RemoteHost host, String name) {
        return ServiceCommands.parseQuery(host.runChecked("query service " + name, ServiceCommands.query(name)));
    }

    private static void runAll(RemoteHost host, List<ServiceConvergence.ServiceAction> actions) {
        for (ServiceConvergence.ServiceAction a : actions) {
            host.runChecked(a.describe(), a.command());
        }
    }
}
