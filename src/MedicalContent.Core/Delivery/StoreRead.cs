using System.Diagnostics.CodeAnalysis;

namespace MedicalContent.Delivery;

/// <summary>What a read through the store gave: the value, or the <see cref="Unavailable"/> outcome to answer instead.</summary>
internal readonly struct StoreRead<T>
    where T : class
{
    private readonly T? _value;
    private readonly Unavailable? _unavailable;

    private StoreRead(T? value, Unavailable? unavailable)
    {
        _value = value;
        _unavailable = unavailable;
    }

    public static implicit operator StoreRead<T>(T value) => new(value, null);

    public static implicit operator StoreRead<T>(Unavailable unavailable) => new(null, unavailable);

    public bool TryGet([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out Unavailable? unavailable)
    {
        value = _value;
        unavailable = _unavailable ?? (value is null ? new Unavailable("The content store has not been read.") : null);
        return value is not null;
    }
}
