using MedicalContent.Model;

namespace MedicalContent.Delivery;

/// <summary>
/// When the review states of a snapshot's published articles change: every transition date of every latest version,
/// sorted once per snapshot. How many have passed (the "review epoch") identifies the states of all of them on a day,
/// so a cached listing keyed by it is re-rendered exactly when some state may have changed, with a binary search per
/// request instead of a pass over the articles.
/// </summary>
internal sealed class ReviewCalendar
{
    private readonly DateOnly[] _transitions;

    public ReviewCalendar(IEnumerable<VersionEntry> latest, int dueSoonDays)
    {
        DueSoonDays = dueSoonDays;
        _transitions = [.. latest.SelectMany(v => ReviewStates.Transitions(v.NextReviewDue, dueSoonDays)).Order()];
    }

    /// <summary>The window the states are computed with (<see cref="ReviewCycleOptions.DueSoonDays"/>).</summary>
    public int DueSoonDays { get; }

    /// <summary>The calendar day (UTC) the clock is on: review states change at midnight UTC.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>How many transitions have happened by <paramref name="today"/> (transition dates on or before it).</summary>
    public int Epoch(DateOnly today)
    {
        // Upper bound: the first index whose date is after today.
        int low = 0, high = _transitions.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_transitions[middle] <= today)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Midnight UTC of the last transition on or before <paramref name="today"/>: when some state last changed.</summary>
    public DateTimeOffset? LastPassed(DateOnly today) => Epoch(today) is > 0 and var epoch ? _transitions[epoch - 1].AtMidnightUtc() : null;

    /// <summary>The state of one version on <paramref name="today"/>, by this calendar's window.</summary>
    public ReviewState? StateOf(VersionEntry entry, DateOnly today) => ReviewStates.On(today, entry.NextReviewDue, DueSoonDays);

    /// <summary>Midnight UTC of the last transition of one version on or before <paramref name="today"/>.</summary>
    public DateTimeOffset? LastPassed(VersionEntry entry, DateOnly today) =>
        ReviewStates.Transitions(entry.NextReviewDue, DueSoonDays).Where(d => d <= today).Select(d => (DateOnly?)d).Max()?.AtMidnightUtc();
}
