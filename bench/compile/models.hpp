#pragma once
// The 10 models of the compile-time benchmark (bench/compile/measure.sh), shared by typical_tu.cpp
// and models_only.cpp. With -DQUARRY_TU_CONVENTIONS they are written in the short form
// (conventions plus the options that differ) instead of the explicit one. A model needs only
// <quarry/model.hpp>; a tree from before that header existed gets <quarry/quarry.hpp>.
#if __has_include(<quarry/model.hpp>)
#include <quarry/model.hpp>
#else
#include <quarry/quarry.hpp>
#endif

#include <cstdint>
#include <optional>
#include <string>

namespace shop {
struct Customer {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Address {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Product {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Category {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Supplier {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Warehouse {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Stock {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Invoice {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Payment {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
struct Shipment {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> note{};
  std::int32_t rank{};
  quarry::Decimal amount{};
  bool active{};
  std::int64_t owner_id{};
  quarry::Timestamp created_at{}, updated_at{};
};
}  // namespace shop

#ifndef QUARRY_TU_CONVENTIONS
template <>
struct quarry::Model<shop::Customer> {
  static constexpr auto table = "customers";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Customer::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Customer::name>(quarry::size(100), quarry::index), quarry::field<&shop::Customer::note>(),
      quarry::field<&shop::Customer::rank>(quarry::default_value(0)), quarry::field<&shop::Customer::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Customer::active>(), quarry::field<&shop::Customer::owner_id>(),
      quarry::timestamps<&shop::Customer::created_at, &shop::Customer::updated_at>());
};
template <>
struct quarry::Model<shop::Address> {
  static constexpr auto table = "addresss";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Address::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Address::name>(quarry::size(100), quarry::index), quarry::field<&shop::Address::note>(),
      quarry::field<&shop::Address::rank>(quarry::default_value(0)), quarry::field<&shop::Address::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Address::active>(), quarry::field<&shop::Address::owner_id>(),
      quarry::timestamps<&shop::Address::created_at, &shop::Address::updated_at>());
};
template <>
struct quarry::Model<shop::Product> {
  static constexpr auto table = "products";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Product::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Product::name>(quarry::size(100), quarry::index), quarry::field<&shop::Product::note>(),
      quarry::field<&shop::Product::rank>(quarry::default_value(0)), quarry::field<&shop::Product::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Product::active>(), quarry::field<&shop::Product::owner_id>(),
      quarry::timestamps<&shop::Product::created_at, &shop::Product::updated_at>());
};
template <>
struct quarry::Model<shop::Category> {
  static constexpr auto table = "categorys";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Category::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Category::name>(quarry::size(100), quarry::index), quarry::field<&shop::Category::note>(),
      quarry::field<&shop::Category::rank>(quarry::default_value(0)), quarry::field<&shop::Category::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Category::active>(), quarry::field<&shop::Category::owner_id>(),
      quarry::timestamps<&shop::Category::created_at, &shop::Category::updated_at>());
};
template <>
struct quarry::Model<shop::Supplier> {
  static constexpr auto table = "suppliers";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Supplier::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Supplier::name>(quarry::size(100), quarry::index), quarry::field<&shop::Supplier::note>(),
      quarry::field<&shop::Supplier::rank>(quarry::default_value(0)), quarry::field<&shop::Supplier::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Supplier::active>(), quarry::field<&shop::Supplier::owner_id>(),
      quarry::timestamps<&shop::Supplier::created_at, &shop::Supplier::updated_at>());
};
template <>
struct quarry::Model<shop::Warehouse> {
  static constexpr auto table = "warehouses";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Warehouse::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Warehouse::name>(quarry::size(100), quarry::index), quarry::field<&shop::Warehouse::note>(),
      quarry::field<&shop::Warehouse::rank>(quarry::default_value(0)), quarry::field<&shop::Warehouse::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Warehouse::active>(), quarry::field<&shop::Warehouse::owner_id>(),
      quarry::timestamps<&shop::Warehouse::created_at, &shop::Warehouse::updated_at>());
};
template <>
struct quarry::Model<shop::Stock> {
  static constexpr auto table = "stocks";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Stock::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Stock::name>(quarry::size(100), quarry::index), quarry::field<&shop::Stock::note>(),
      quarry::field<&shop::Stock::rank>(quarry::default_value(0)), quarry::field<&shop::Stock::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Stock::active>(), quarry::field<&shop::Stock::owner_id>(),
      quarry::timestamps<&shop::Stock::created_at, &shop::Stock::updated_at>());
};
template <>
struct quarry::Model<shop::Invoice> {
  static constexpr auto table = "invoices";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Invoice::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Invoice::name>(quarry::size(100), quarry::index), quarry::field<&shop::Invoice::note>(),
      quarry::field<&shop::Invoice::rank>(quarry::default_value(0)), quarry::field<&shop::Invoice::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Invoice::active>(), quarry::field<&shop::Invoice::owner_id>(),
      quarry::timestamps<&shop::Invoice::created_at, &shop::Invoice::updated_at>());
};
template <>
struct quarry::Model<shop::Payment> {
  static constexpr auto table = "payments";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Payment::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Payment::name>(quarry::size(100), quarry::index), quarry::field<&shop::Payment::note>(),
      quarry::field<&shop::Payment::rank>(quarry::default_value(0)), quarry::field<&shop::Payment::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Payment::active>(), quarry::field<&shop::Payment::owner_id>(),
      quarry::timestamps<&shop::Payment::created_at, &shop::Payment::updated_at>());
};
template <>
struct quarry::Model<shop::Shipment> {
  static constexpr auto table = "shipments";
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Shipment::id>(quarry::primary_key, quarry::auto_increment),
      quarry::field<&shop::Shipment::name>(quarry::size(100), quarry::index), quarry::field<&shop::Shipment::note>(),
      quarry::field<&shop::Shipment::rank>(quarry::default_value(0)), quarry::field<&shop::Shipment::amount>(quarry::decimal(12, 2)),
      quarry::field<&shop::Shipment::active>(), quarry::field<&shop::Shipment::owner_id>(),
      quarry::timestamps<&shop::Shipment::created_at, &shop::Shipment::updated_at>());
};
#else
// The short form: tables, keys and timestamps by convention; Model<T> states only the options.
template <>
struct quarry::Model<shop::Customer> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Customer::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Customer::rank>(quarry::default_value(0)), quarry::field<&shop::Customer::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Address> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Address::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Address::rank>(quarry::default_value(0)), quarry::field<&shop::Address::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Product> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Product::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Product::rank>(quarry::default_value(0)), quarry::field<&shop::Product::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Category> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Category::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Category::rank>(quarry::default_value(0)), quarry::field<&shop::Category::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Supplier> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Supplier::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Supplier::rank>(quarry::default_value(0)), quarry::field<&shop::Supplier::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Warehouse> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Warehouse::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Warehouse::rank>(quarry::default_value(0)), quarry::field<&shop::Warehouse::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Stock> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Stock::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Stock::rank>(quarry::default_value(0)), quarry::field<&shop::Stock::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Invoice> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Invoice::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Invoice::rank>(quarry::default_value(0)), quarry::field<&shop::Invoice::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Payment> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Payment::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Payment::rank>(quarry::default_value(0)), quarry::field<&shop::Payment::amount>(quarry::decimal(12, 2)));
};
template <>
struct quarry::Model<shop::Shipment> {
  static constexpr auto fields = quarry::fields(
      quarry::field<&shop::Shipment::name>(quarry::size(100), quarry::index),
      quarry::field<&shop::Shipment::rank>(quarry::default_value(0)), quarry::field<&shop::Shipment::amount>(quarry::decimal(12, 2)));
};
#endif
