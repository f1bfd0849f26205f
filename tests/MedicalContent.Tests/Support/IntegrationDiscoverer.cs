using Xunit.Abstractions;
using Xunit.Sdk;

namespace MedicalContent.Tests.Support;

/// <summary>Turns <see cref="IntegrationAttribute"/> into the trait <c>Category=Integration</c>.</summary>
public sealed class IntegrationDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        [new(IntegrationAttribute.Category, IntegrationAttribute.Value)];
}
