using MedicalContent.Rendering;

namespace MedicalContent.Delivery;

/// <summary>
/// Healthy while the store answers; degraded while it fails but content in memory is still served; unhealthy when
/// nothing can be served.
/// </summary>
internal static class ContentHealth
{
    public static async Task<HealthReport> CheckAsync(SnapshotSource snapshots, CancellationToken cancellationToken)
    {
        if (!(await snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return new HealthReport(HealthReport.Unhealthy, snapshots.LastSuccessAt, snapshots.StoreDescription, 0, unavailable.Detail);
        }

        var articles = snapshot.Index.Articles.Count;
        return snapshots.Failure is { } failure
            ? new HealthReport(HealthReport.Degraded, snapshot.LastSuccessAt, snapshots.StoreDescription, articles, failure)
            : new HealthReport(HealthReport.Healthy, snapshot.LastSuccessAt, snapshots.StoreDescription, articles);
    }
}
