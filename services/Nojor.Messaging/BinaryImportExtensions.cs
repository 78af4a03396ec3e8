using Npgsql;
using NpgsqlTypes;

namespace Nojor.Messaging;

/// <summary>Optional columns in a binary COPY: a missing value is written as SQL NULL.</summary>
public static class BinaryImportExtensions
{
    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter import, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, type, cancellationToken);

    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter import, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } present ? import.WriteAsync(present, type, cancellationToken) : import.WriteNullAsync(cancellationToken);
}
