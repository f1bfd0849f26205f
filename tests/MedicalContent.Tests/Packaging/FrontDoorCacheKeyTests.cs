using System.Text.RegularExpressions;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// Front Door keys its cache on the query parameters listed in infra/modules/front-door.bicep and ignores all others, so the
/// list must be exactly the ones the routes read: a missing name makes two representations share one cached answer, an
/// extra one splits the cache for nothing.
/// </summary>
public partial class FrontDoorCacheKeyTests
{
    public static readonly string FrontDoorBicep = Path.Combine(RepoPaths.Root, "infra", "modules", "front-door.bicep");

    private readonly string _bicep = File.ReadAllText(FrontDoorBicep);

    [Fact]
    public void TheEdgeCacheKeyIsExactlyTheQueryParametersTheRoutesRead()
    {
        var declarations = Declaration().Matches(_bicep);

        Assert.True(declarations.Count == 1, $"{FrontDoorBicep}: expected one 'var cacheKeyQueryParameters = '...'' declaration, found {declarations.Count}.");
        Assert.Equal(string.Join(',', RouteTable.CacheKeyQueryParameters), declarations[0].Groups["value"].Value);
    }

    [Fact]
    public void EveryEdgeRouteCachesOnThatListAndIgnoresOtherQueryParameters()
    {
        var behaviours = CachingBehaviour().Matches(_bicep).Select(m => m.Groups["value"].Value).ToList();
        var lists = QueryParameters().Matches(_bicep).Select(m => m.Groups["value"].Value).ToList();

        Assert.NotEmpty(behaviours);
        Assert.All(behaviours, value => Assert.Equal("'IncludeSpecifiedQueryStrings'", value));
        Assert.Equal(behaviours.Count, lists.Count);
        Assert.All(lists, value => Assert.Equal("cacheKeyQueryParameters", value));
    }

    [GeneratedRegex(@"^var\s+cacheKeyQueryParameters\s*=\s*'(?<value>[^']*)'\s*$", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*queryStringCachingBehavior:\s*(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex CachingBehaviour();

    [GeneratedRegex(@"^\s*queryParameters:\s*(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex QueryParameters();
}
