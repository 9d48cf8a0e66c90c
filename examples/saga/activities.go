package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/durgen/durgen"
)

// Reservation is a booked flight, hotel or car.
type Reservation struct {
	Ref   string `json:"ref"`
	Price int64  `json:"price"`
}

// Payment charges a card.
type Payment struct {
	Card   string `json:"card"`
	Amount int64  `json:"amount"`
}

// ErrCardDeclined is the charge's failure for the card "declined".
var ErrCardDeclined = errors.New("card declined")

func init() { durgen.RegisterError(ErrCardDeclined) }

func ref(kind string, t Trip) string {
	h := fnv.New32a()
	fmt.Fprint(h, kind, t.ID, t.From, t.To, t.Nights)
	return fmt.Sprintf("%s-%08x", kind, h.Sum32())
}

// ReserveFlight books a flight.
func ReserveFlight(ctx context.Context, t Trip) (Reservation, error) {
	called(ctx, "ReserveFlight", t.ID)
	return Reservation{Ref: ref("FL", t), Price: 30000}, nil
}

// ReserveHotel books a hotel.
func ReserveHotel(ctx context.Context, t Trip) (Reservation, error) {
	called(ctx, "ReserveHotel", t.ID)
	return Reservation{Ref: ref("HO", t), Price: int64(12000 * t.Nights)}, nil
}

// ReserveCar books a car.
func ReserveCar(ctx context.Context, t Trip) (Reservation, error) {
	called(ctx, "ReserveCar", t.ID)
	return Reservation{Ref: ref("CA", t), Price: int64(4000 * t.Nights)}, nil
}

// Charge charges a card; the card "declined" is declined, permanently.
func Charge(ctx context.Context, p Payment) (int64, error) {
	called(ctx, "Charge", p.Card)
	if p.Card == "declined" {
		return 0, fmt.Errorf("charge %d to %s: %w", p.Amount, p.Card, ErrCardDeclined)
	}
	return p.Amount, nil
}

// CancelFlight cancels a flight booking.
func CancelFlight(ctx context.Context, r Reservation) (struct{}, error) {
	called(ctx, "CancelFlight", r.Ref)
	return struct{}{}, nil
}

// CancelHotel cancels a hotel booking.
func CancelHotel(ctx context.Context, r Reservation) (struct{}, error) {
	called(ctx, "CancelHotel", r.Ref)
	return struct{}{}, nil
}

// CancelCar cancels a car booking.
func CancelCar(ctx context.Context, r Reservation) (struct{}, error) {
	called(ctx, "CancelCar", r.Ref)
	return struct{}{}, nil
}

var (
	callsMu sync.Mutex
	onCall  func(activity, arg string, info durgen.ActivityInfo)
)

func called(ctx context.Context, activity, arg string) {
	callsMu.Lock()
	defer callsMu.Unlock()
	if onCall != nil {
		onCall(activity, arg, durgen.Info(ctx))
	}
}
