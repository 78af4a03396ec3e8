using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Nojor.Messaging;

/// <summary>
/// A binary COPY of one entity type into its table, for bulk writers that skip SaveChanges. Each column is named by the
/// entity's property, and the table and column names come from the EF model, so a renamed column or table is renamed here
/// too; <see cref="UnwrittenColumns"/> lists the mapped columns the COPY neither writes nor leaves to the database on
/// purpose, which a unit test keeps empty: an entity that gains a column fails the test until the COPY writes it.
/// </summary>
public sealed class BinaryCopy<TEntity> where TEntity : class
{
    private readonly List<Column> _columns = [];
    private readonly HashSet<string> _leftToDatabase = new(StringComparer.Ordinal);
    private volatile Command? _command;

    /// <summary>Writes the property's value as it is (a null as SQL NULL).</summary>
    public BinaryCopy<TEntity> Write<TValue>(Expression<Func<TEntity, TValue>> property, NpgsqlDbType type)
    {
        var (name, get) = Getter(property);
        _columns.Add(new Column<TValue>(name, get, type));
        return this;
    }

    /// <summary>Writes the property's value as <paramref name="store"/> turns it into the column's (a null as SQL NULL).</summary>
    public BinaryCopy<TEntity> Write<TValue, TStored>(Expression<Func<TEntity, TValue>> property, NpgsqlDbType type, Func<TValue, TStored> store)
    {
        var (name, get) = Getter(property);
        _columns.Add(new Column<TStored>(name, row => store(get(row)), type));
        return this;
    }

    /// <summary>Writes an optional value: SQL NULL when absent, else the value as <paramref name="store"/> turns it into the column's.</summary>
    public BinaryCopy<TEntity> WriteOptional<TValue>(Expression<Func<TEntity, TValue?>> property, NpgsqlDbType type, Func<TValue, TValue>? store = null)
        where TValue : struct
    {
        var (name, get) = Getter(property);
        _columns.Add(new OptionalColumn<TValue>(name, get, store ?? (value => value), type));
        return this;
    }

    /// <summary>
    /// Properties whose columns a new row leaves to the database (an identity, or state that only a later update sets):
    /// named so that the check for unwritten columns tells a forgotten column from one left out on purpose.
    /// </summary>
    public BinaryCopy<TEntity> LeaveToDatabase(params Expression<Func<TEntity, object?>>[] properties)
    {
        foreach (var property in properties)
        {
            _leftToDatabase.Add(MemberName(property.Body));
        }
        return this;
    }

    /// <summary>Copies <paramref name="rows"/> on the context's connection, inside its current transaction if there is one.</summary>
    public async Task CopyAsync(DbContext db, IEnumerable<TEntity> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var import = await connection.BeginBinaryImportAsync(CommandFor(db.Model), cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            foreach (var column in _columns)
            {
                await column.WriteAsync(import, row, cancellationToken);
            }
        }
        await import.CompleteAsync(cancellationToken);
    }

    /// <summary>The <c>COPY … FROM STDIN</c> statement, with the table and column names <paramref name="model"/> maps.</summary>
    public string CommandFor(IModel model)
    {
        // Built once per model (each process has one per context type), then read without locking.
        if (_command is { } built && ReferenceEquals(built.Model, model))
        {
            return built.Sql;
        }
        var (table, columns) = Mapping(model);
        var names = _columns.Select(c => Quote(columns.TryGetValue(c.Property, out var column)
            ? column
            : throw new InvalidOperationException($"{typeof(TEntity).Name}.{c.Property} is not a mapped column of {table}.")));
        var sql = $"COPY {table} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)";
        _command = new Command(model, sql);
        return sql;
    }

    /// <summary>Columns <paramref name="model"/> maps for the entity that this COPY neither writes nor leaves to the database.</summary>
    public IReadOnlyList<string> UnwrittenColumns(IModel model)
    {
        var (_, columns) = Mapping(model);
        return [.. columns.Where(c => !_leftToDatabase.Contains(c.Key) && !_columns.Exists(w => w.Property == c.Key)).Select(c => c.Value)];
    }

    private static (string Table, Dictionary<string, string> Columns) Mapping(IModel model)
    {
        var entityType = model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not an entity of this model.");
        var table = entityType.GetTableMappings().Single().Table;
        var columns = entityType.GetProperties().ToDictionary(
            p => p.Name,
            p => p.GetTableColumnMappings().Single(m => m.TableMapping.Table == table).Column.Name,
            StringComparer.Ordinal);
        return (table.Schema is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name), columns);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>The property's name and a delegate over its getter (no compiled expression: the getter is the delegate).</summary>
    private static (string Name, Func<TEntity, TValue> Get) Getter<TValue>(Expression<Func<TEntity, TValue>> property) =>
        property.Body is MemberExpression { Member: PropertyInfo { GetMethod: { } getter } info } member && member.Expression is ParameterExpression
            ? (info.Name, getter.CreateDelegate<Func<TEntity, TValue>>())
            : throw new ArgumentException($"Expected a property of {typeof(TEntity).Name}, got {property}.", nameof(property));

    private static string MemberName(Expression body) => body switch
    {
        MemberExpression { Member: PropertyInfo info } => info.Name,
        // A value-typed property reaches object? through a conversion.
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } => MemberName(operand),
        _ => throw new ArgumentException($"Expected a property of {typeof(TEntity).Name}, got {body}."),
    };

    private sealed record Command(IModel Model, string Sql);

    private abstract class Column(string property)
    {
        public string Property { get; } = property;

        public abstract Task WriteAsync(NpgsqlBinaryImporter import, TEntity row, CancellationToken cancellationToken);
    }

    private sealed class Column<TStored>(string property, Func<TEntity, TStored> get, NpgsqlDbType type) : Column(property)
    {
        // An optional value type would reach Npgsql wrapped; WriteOptional unwraps it.
        private readonly Func<TEntity, TStored> _get = Nullable.GetUnderlyingType(typeof(TStored)) is null
            ? get
            : throw new ArgumentException($"{typeof(TEntity).Name}.{property} is optional: write it with {nameof(WriteOptional)}.");

        public override Task WriteAsync(NpgsqlBinaryImporter import, TEntity row, CancellationToken cancellationToken) =>
            _get(row) is { } value ? import.WriteAsync(value, type, cancellationToken) : import.WriteNullAsync(cancellationToken);
    }

    private sealed class OptionalColumn<TValue>(string property, Func<TEntity, TValue?> get, Func<TValue, TValue> store, NpgsqlDbType type)
        : Column(property)
        where TValue : struct
    {
        public override Task WriteAsync(NpgsqlBinaryImporter import, TEntity row, CancellationToken cancellationToken) =>
            get(row) is { } value ? import.WriteAsync(store(value), type, cancellationToken) : import.WriteNullAsync(cancellationToken);
    }
}
