using MedicalContent.Model;

namespace MedicalContent.Tests.ContentModel;

public sealed class DatesTests
{
    [Fact]
    public void AContentDateIsItsMidnightUtc() =>
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 0, 0, 0, TimeSpan.Zero), new DateOnly(2025, 3, 9).AtMidnightUtc());

    [Fact]
    public void WholeSecondsDropTheFractionAndKeepTheInstant()
    {
        var local = new DateTimeOffset(2025, 3, 9, 10, 30, 15, 999, TimeSpan.FromHours(2)).AddTicks(9);

        var truncated = local.ToWholeSeconds();

        Assert.Equal(new DateTimeOffset(2025, 3, 9, 8, 30, 15, TimeSpan.Zero), truncated);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
    }

    [Fact]
    public void TheLaterInstantWinsAndAnAbsentOneNever()
    {
        var earlier = DateTimeOffset.UnixEpoch;
        var later = earlier.AddDays(1);

        Assert.Equal(later, Dates.Later(earlier, later));
        Assert.Equal(later, Dates.Later(later, earlier));
        Assert.Equal(earlier, Dates.Later(earlier, null));
    }
}
