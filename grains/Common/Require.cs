namespace ThreeSocial.Grains.Common;

/// <summary>Checks of what callers send, applied the same way by every grain: a failure is the caller's (a 400 naming the field) and changes nothing.</summary>
public static class Require
{
    public static void Text(string? value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidRequestException(name, "invalid.required", name);
        OptionalText(value, name, maxLength);
    }

    public static void OptionalText(string? value, string name, int maxLength)
    {
        if (value is null) return;
        if (value.Length > maxLength) throw new InvalidRequestException(name, "invalid.too-long", name, maxLength, value.Length);
        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) throw new InvalidRequestException(name, "invalid.control-characters", name);
    }

    /// <summary>Digits with an optional leading + and spaces or dashes between: 5 to 20 characters. The value is never echoed.</summary>
    public static void Phone(string? value, string name)
    {
        if (value is null || value.Length is < 5 or > 20 || !(value[0] == '+' || char.IsAsciiDigit(value[0]))
            || !value.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '-'))
            throw new InvalidRequestException(name, "invalid.phone", name);
    }

    public static void Quantity(int value, string name)
    {
        if (value is < 1 or > Stockpiles.MovementPlans.MaxQuantity)
            throw new InvalidRequestException(name, "invalid.between", name, 1, Stockpiles.MovementPlans.MaxQuantity);
    }
}
