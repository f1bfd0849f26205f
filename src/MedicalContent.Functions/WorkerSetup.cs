using MedicalContent.Http;
using MedicalContent.Http.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalContent.Functions;

public static class WorkerSetup
{
    /// <summary>Where the build puts the self-hosted app's exported documentation, beside the worker.</summary>
    public const string DocumentationFolder = "documentation";

    /// <summary>Everything the worker registers; tests build the same registration to invoke the functions.</summary>
    public static FunctionsApplicationBuilder AddMedicalContentWorker(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddMedicalContentHttp();
        builder.Services.AddSingleton(_ => new ExportedDocumentation(Path.Combine(AppContext.BaseDirectory, DocumentationFolder)));

        // Telemetry to Application Insights when a connection string is set: the worker's invocation spans (children of
        // the host's request span, host.json telemetryMode OpenTelemetry), blob calls, cache counters and logs.
        builder.AddMedicalContentTelemetry(Instrument);
        return builder;
    }

    /// <summary>The worker's own telemetry: invocation spans and trace context from the Functions host, and its resource attributes.</summary>
    public static void Instrument(OpenTelemetry.OpenTelemetryBuilder telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        telemetry.UseFunctionsWorkerDefaults();
    }
}
