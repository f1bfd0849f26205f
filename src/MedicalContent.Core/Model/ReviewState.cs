using System.Text.Json.Serialization;

namespace MedicalContent.Model;

/// <summary>
/// Where a published text stands in its review cycle today. Computed against the clock, so it appears only on
/// mutable representations (latest article, index items), never behind a version URL.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewState>))]
public enum ReviewState
{
    /// <summary>The next review is more than the due-soon window away.</summary>
    [JsonStringEnumMemberName("current")] Current,

    /// <summary>The next review is due within the window, or today.</summary>
    [JsonStringEnumMemberName("due-soon")] DueSoon,

    /// <summary>The due date has passed without a newer reviewed version.</summary>
    [JsonStringEnumMemberName("overdue")] Overdue,
}

public static class ReviewStates
{
    /// <summary>
    /// The state on <paramref name="today"/> of a text due for review on <paramref name="nextReviewDue"/>: overdue
    /// from the day after the due date, due soon from <paramref name="dueSoonDays"/> days before it up to and
    /// including it, current before that. Null when the version has no due date (published before due dates existed).
    /// </summary>
    public static ReviewState? On(DateOnly today, DateOnly? nextReviewDue, int dueSoonDays) => nextReviewDue switch
    {
        null => null,
        { } due when today > due => ReviewState.Overdue,
        { } due when today >= due.AddDays(-dueSoonDays) => ReviewState.DueSoon,
        _ => ReviewState.Current,
    };

    /// <summary>
    /// The dates on which the state of a text due on <paramref name="nextReviewDue"/> changes: the first due-soon day
    /// and the first overdue day. A cached representation carrying the state is fresh until the next of them.
    /// </summary>
    public static IEnumerable<DateOnly> Transitions(DateOnly? nextReviewDue, int dueSoonDays) =>
        nextReviewDue is { } due ? [due.AddDays(-dueSoonDays), due.AddDays(1)] : [];
}
