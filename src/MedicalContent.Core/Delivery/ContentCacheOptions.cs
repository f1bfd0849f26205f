using System.ComponentModel.DataAnnotations;
using MedicalContent.Model;

namespace MedicalContent.Delivery;

/// <summary>Origin-side content cache settings (configuration section <c>ContentCache</c>).</summary>
public sealed class ContentCacheOptions
{
    public const string Section = "ContentCache";

    /// <summary>How often, at most, the store's index is re-checked (a conditional read).</summary>
    [Range(0, 3600)]
    public int RefreshIntervalSeconds { get; set; } = 5;

    /// <summary>Upper bound, in bytes, of the rendered representations kept in memory.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Review statuses the public endpoints serve. Anything else is only reachable through preview.</summary>
    public IReadOnlyList<ReviewStatus> PublicStatuses { get; set; } = [ReviewStatus.Approved];

    /// <summary>Deadline of one store call; a slower call is abandoned and retried.</summary>
    [Range(0.05, 60)]
    public double StoreTimeoutSeconds { get; set; } = 2;

    /// <summary>Retries of a failed or timed-out store call, with jittered backoff.</summary>
    [Range(0, 5)]
    public int StoreRetries { get; set; } = 2;

    /// <summary>The most any request waits for the store, all attempts included.</summary>
    [Range(0.1, 120)]
    public double StoreBudgetSeconds { get; set; } = 5;

    /// <summary>How long content already in memory keeps being served while the store cannot be read.</summary>
    [Range(0, 7 * 24 * 3600)]
    public int StaleWindowSeconds { get; set; } = 86400;

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(RefreshIntervalSeconds);

    public TimeSpan StoreTimeout => TimeSpan.FromSeconds(StoreTimeoutSeconds);

    public TimeSpan StoreBudget => TimeSpan.FromSeconds(StoreBudgetSeconds);

    public TimeSpan StaleWindow => TimeSpan.FromSeconds(StaleWindowSeconds);
}
