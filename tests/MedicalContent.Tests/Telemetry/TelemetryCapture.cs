using System.Diagnostics;
using MedicalContent.Http.Telemetry;
using MedicalContent.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedicalContent.Tests.Telemetry;

/// <summary>
/// What a host exports, kept in memory: the host's own telemetry registration (<see cref="TelemetrySetup.WithContentTelemetry"/>
/// and the host's instrumentation) with the in-memory exporter where Application Insights' would be.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    /// <summary>Registers OpenTelemetry as the host does when exporting, with the in-memory exporter.</summary>
    public void Register(IServiceCollection services, Action<OpenTelemetryBuilder> instrumentHost)
    {
        var telemetry = services.AddOpenTelemetry().WithContentTelemetry();
        instrumentHost(telemetry);
        telemetry
            .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
    }

    /// <summary>The spans ended so far (a copy: the exporter adds from the threads that end them).</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>
    /// The spans ended so far once <paramref name="complete"/> holds of them: a server span ends after the client has
    /// its answer (the host finishes the request after the response), so a test waits for the spans it reads.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> SpansAsync(Func<IReadOnlyList<Activity>, bool> complete)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var spans = Spans;
        while (!complete(spans) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            spans = Spans;
        }

        return spans;
    }

    /// <summary>Collects the metrics now; the sum of <paramref name="instrument"/>'s points with <paramref name="attribute"/> (any, when null).</summary>
    public long Collect(IServiceProvider services, string instrument, KeyValuePair<string, object?>? attribute = null)
    {
        _metrics.Clear();
        Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush());
        var metric = _metrics.LastOrDefault(m => m.Name == instrument);
        Assert.True(metric is not null, $"{instrument} was not exported (meter {ContentTelemetry.MeterName}); exported: {string.Join(", ", _metrics.Select(m => m.Name).Distinct())}");
        long sum = 0;
        foreach (var point in metric.MetricPoints)
        {
            if (attribute is { } wanted && !HasTag(point, wanted))
            {
                continue;
            }

            Assert.True(metric.MetricType is MetricType.LongSum or MetricType.LongSumNonMonotonic, $"{instrument} is a {metric.MetricType}");
            sum += point.GetSumLong();
        }

        return sum;
    }

    private static bool HasTag(MetricPoint point, KeyValuePair<string, object?> wanted)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == wanted.Key && Equals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }
}
