namespace ThreeSocial.Grains.Common;

/// <summary>Input checks every grain applies the same way; a failure is an ArgumentException (a 400) and changes nothing.</summary>
public static class Require
{
    public static void Text(string? value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required.", name);
        OptionalText(value, name, maxLength);
    }

    public static void OptionalText(string? value, string name, int maxLength)
    {
        if (value is null) return;
        if (value.Length > maxLength) throw new ArgumentException($"{name} is at most {maxLength} characters; got {value.Length}.", name);
        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) throw new ArgumentException($"{name} contains control characters.", name);
    }

    public static void Quantity(int value, string name)
    {
        if (value is < 1 or > Stockpiles.StockpileGrain.MaxQuantity)
            throw new ArgumentOutOfRangeException(name, value, $"{name} is between 1 and {Stockpiles.StockpileGrain.MaxQuantity}.");
    }
}
