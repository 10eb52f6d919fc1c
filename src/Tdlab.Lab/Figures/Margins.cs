namespace Tdlab.Lab.Figures;

/// <summary>Space around a panel's plot area inside its grid cell, in px.</summary>
internal readonly record struct Margins(double Left, double Top, double Right, double Bottom);
