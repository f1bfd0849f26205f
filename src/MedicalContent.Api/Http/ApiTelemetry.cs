using MedicalContent.Http.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedicalContent.Api.Http;

/// <summary>The self-hosted app's telemetry: the shared setup plus ASP.NET Core's request spans and metrics.</summary>
internal static class ApiTelemetry
{
    public static WebApplicationBuilder AddApiTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddMedicalContentTelemetry(Instrument);
        return builder;
    }

    /// <summary>The requests the app serves: one server span per request (named by route, the fast path's too), and ASP.NET Core's request metrics.</summary>
    public static void Instrument(OpenTelemetryBuilder telemetry) => telemetry
        .WithTracing(static tracing => tracing.AddAspNetCoreInstrumentation())
        .WithMetrics(static metrics => metrics.AddAspNetCoreInstrumentation());
}
