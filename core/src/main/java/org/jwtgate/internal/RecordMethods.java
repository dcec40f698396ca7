package org.jwtgate.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Objects;

/**
 * What a record's generated hashCode and toString compute, for the records that write their methods out
 * instead of linking them through {@code java.lang.runtime.ObjectMethods}, which on Java 17 keeps an undeployed
 * application's classes reachable (see "Class loader leaks" in docs/modules.md). Not API.
 */
public final class RecordMethods {
    private RecordMethods() {
    }

    /**
     * A record's generated hashCode: {@code 31 * h + hash(component)} from 0, in declaration order.
     *
     * @param components the record's components, in declaration order (primitives boxed hash the same)
     * @return the hash code
     */
    public static int hash(Object... components) {
        int h = 0;
        for (Object c : components) {
            h = 31 * h + Objects.hashCode(c);
        }
        return h;
    }

    /**
     * A record's generated toString: {@code Name[a=…, b=…]}, the simple name and each component.
     *
     * @param record the record
     * @return its text
     */
    public static String toString(Record record) {
        StringBuilder b = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            b.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=').append(value(record, components[i]));
        }
        return b.append(']').toString();
    }

    private static Object value(Record record, RecordComponent component) {
        Method accessor = component.getAccessor();
        try {
            accessor.setAccessible(true); // nested records are often private
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }
}
