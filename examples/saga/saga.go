// Command saga books a trip (flight, hotel, car) and charges the card; if a
// step fails, the bookings already made are cancelled, in reverse order,
// durably: the saga pattern with durgen.Compensate. Run it with
//
//	go run ./examples/saga
package main

import (
	"time"

	"github.com/durgen/durgen"
)

//go:generate go run github.com/durgen/durgen/cmd/durgen

// Trip is what to book.
type Trip struct {
	ID     string `json:"id"`
	From   string `json:"from"`
	To     string `json:"to"`
	Nights int    `json:"nights"`
	Card   string `json:"card"`
}

// Itinerary is a booked trip.
type Itinerary struct {
	Flight  string `json:"flight"`
	Hotel   string `json:"hotel"`
	Car     string `json:"car"`
	Charged int64  `json:"charged"`
}

// BookTrip reserves a flight, a hotel and a car, registering the
// cancellation of each, waits a minute for the fares to settle, and charges
// the card. If the charge fails, the three reservations are cancelled.
//
//durgen:workflow
func BookTrip(ctx durgen.Context, t Trip) (Itinerary, error) {
	flight, err := durgen.Await(ctx, ReserveFlight, t)
	if err != nil {
		return Itinerary{}, err
	}
	durgen.Compensate(ctx, CancelFlight, flight)
	hotel, err := durgen.Await(ctx, ReserveHotel, t)
	if err != nil {
		return Itinerary{}, err
	}
	durgen.Compensate(ctx, CancelHotel, hotel)
	car, err := durgen.Await(ctx, ReserveCar, t)
	if err != nil {
		return Itinerary{}, err
	}
	durgen.Compensate(ctx, CancelCar, car)
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return Itinerary{}, err
	}
	amount, err := durgen.Await(ctx, Charge, Payment{Card: t.Card, Amount: flight.Price + hotel.Price + car.Price},
		durgen.Retry(durgen.RetryPolicy{NonRetryable: []string{"card declined"}}))
	if err != nil {
		return Itinerary{}, err
	}
	return Itinerary{Flight: flight.Ref, Hotel: hotel.Ref, Car: car.Ref, Charged: amount}, nil
}
