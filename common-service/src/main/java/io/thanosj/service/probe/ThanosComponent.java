package io.thanosj.service.probe;

/** The role this process runs ({@code query}, {@code sidecar}, {@code store}, ...), as Thanos names it. */
public record ThanosComponent(String name) {}
