using MedicalContent.Delivery;

namespace MedicalContent.Tests.Delivery;

public sealed class PageCursorTests
{
    [Fact]
    public void CursorsAreTheSameBase64UrlTextAsEverIssued()
    {
        Assert.Equal("YWZ0ZXI6bWV0Zm9ybWlu", PageCursor.Encode("metformin"));
        Assert.Equal("ZmVlZDox", PageCursor.EncodeFeed(1));
        Assert.Equal("metformin", PageCursor.Decode("YWZ0ZXI6bWV0Zm9ybWlu"));
        Assert.Equal(1, PageCursor.DecodeFeed("ZmVlZDox"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("insulin-resistance")]
    public void EverySlugLengthRoundTripsWithoutPadding(string slug)
    {
        var cursor = PageCursor.Encode(slug);

        Assert.DoesNotContain('=', cursor);
        Assert.Equal(slug, PageCursor.Decode(cursor));
    }

    [Fact]
    public void APaddedCursorDecodesAsBefore() => Assert.Equal("ab", PageCursor.Decode("YWZ0ZXI6YWI="));

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("YWZ0ZXI6Li4v")]
    [InlineData("ZmVlZDox")]
    [InlineData("/w")]
    public void MalformedCursorsAreRejected(string cursor) => Assert.Null(PageCursor.Decode(cursor));

    [Fact]
    public void OverlongCursorsAreRejectedWithoutDecoding() =>
        Assert.Null(PageCursor.Decode(PageCursor.Encode(new string('a', 200))));
}
