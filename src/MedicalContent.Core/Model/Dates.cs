namespace MedicalContent.Model;

/// <summary>The date conversions the content model and HTTP dates share.</summary>
public static class Dates
{
    /// <summary>A calendar date of the content (lastUpdated, reviewedOn) as an instant: its midnight UTC.</summary>
    public static DateTimeOffset AtMidnightUtc(this DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>HTTP dates have whole seconds: stamped times and Last-Modified compare cleanly with If-Modified-Since.</summary>
    public static DateTimeOffset ToWholeSeconds(this DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The later of two instants; an absent one never wins.</summary>
    public static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b is { } value && value > a ? value : a;
}
