namespace Tdlab.Lab;

/// <summary>
/// Bad input from the user (unknown experiment or key, wrong value type, unwritable folder, malformed data).
/// The command prints its message as one line on stderr and exits with code 2.
/// </summary>
public sealed class BadInputException(string message) : Exception(message);
