using Azure.Monitor.OpenTelemetry.Exporter;
using MedicalContent.Telemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedicalContent.Http.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: the Azure SDK's spans (blob calls), the content meter and logs, exported to
/// Application Insights when a connection string is configured. Without one nothing is registered at all: no
/// listener, so requests create no activities and the warm path costs what it cost before (decision 0015).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>
    /// Registers OpenTelemetry with <paramref name="instrumentHost"/> (the host's own request spans) and the Azure
    /// Monitor exporter when <see cref="AzureMonitorExport.From"/> finds a connection string; otherwise nothing.
    /// </summary>
    public static IHostApplicationBuilder AddMedicalContentTelemetry(this IHostApplicationBuilder builder, Action<OpenTelemetryBuilder> instrumentHost)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(instrumentHost);
        if (AzureMonitorExport.From(builder.Configuration) is not { } export)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry().WithContentTelemetry();
        instrumentHost(telemetry);
        telemetry.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = export.ConnectionString;
            if (export.Credential is { } credential)
            {
                options.Credential = credential;
            }
        });
        return builder;
    }

    /// <summary>What both hosts emit whatever the exporter: blob calls (the Azure SDK's sources), the content meter, logs.</summary>
    public static OpenTelemetryBuilder WithContentTelemetry(this OpenTelemetryBuilder telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        return telemetry
            .WithTracing(static tracing => tracing.AddSource(ContentTelemetry.AzureSdkSources))
            .WithMetrics(static metrics => metrics.AddMeter(ContentTelemetry.MeterName))
            .WithLogging();
    }
}
