using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace MedicalContent.Settings;

/// <summary>
/// <see cref="RangeAttribute"/> whose message is the options class's own (it names the configuration key). The options
/// validator generator replaces a plain <c>[Range]</c> with a copy that always says "The field Type.Property must be
/// between..."; a subclass is used as it is, and with int or double bounds it needs no reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum)
    {
    }
}

/// <summary>A list setting that must name at least one item (reflection-free, unlike <see cref="MinLengthAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AtLeastOneItemAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        ICollection collection => collection.Count > 0,
        IEnumerable items => items.GetEnumerator().MoveNext(),
        _ => false,
    };
}
