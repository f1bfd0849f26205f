using System.ComponentModel.DataAnnotations;
using MedicalContent.Model;

namespace MedicalContent.Delivery;

/// <summary>Origin-side content cache settings (configuration section <c>ContentCache</c>).</summary>
public sealed class ContentOptions
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

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(RefreshIntervalSeconds);
}
